#!/usr/bin/env python3
"""The form beside its peers, on a real pseudo-terminal at 80x24, in one run (make bench).

For klaxon, `dialog --form` (3 fields) and `whiptail --inputbox`: time from exec to the first
interactive frame, and bytes written to the terminal per character typed into a text field.
For klaxon alone: the plan picker's per-key latency with 10,000 plans from the simulator.
Usage: bench/tui.py BUILD_DIR RUNS
"""
import os, pty, select, sys, time, signal, tempfile, struct, fcntl, termios, statistics, subprocess
import atexit, shutil

build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
klaxon, klaxon_sim = os.path.join(build, "klaxon"), os.path.join(build, "klaxon-sim")
home = tempfile.mkdtemp(prefix="klx-bench-")
atexit.register(shutil.rmtree, home, True)

def spawn(args, env_extra):
    pid, fd = pty.fork()
    if pid == 0:
        env = {"HOME": home, "TERM": "xterm-256color", "LC_ALL": "C.UTF-8", "PATH": os.environ["PATH"],
               "AWS_EC2_METADATA_DISABLED": "true"}
        env.update(env_extra)
        os.execve(args[0], args, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd

def read_until(fd, needle, timeout=10.0):
    buf = b""
    end = time.monotonic() + timeout
    while needle not in buf:
        left = end - time.monotonic()
        if left <= 0:
            raise SystemExit("timed out waiting for %r; got %r" % (needle, buf[-400:]))
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                buf += os.read(fd, 65536)
            except OSError:
                break
    return buf

def drain(fd, quiet=0.15):
    buf = b""
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return buf
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return buf
        if not chunk:
            return buf
        buf += chunk

def key_latencies(fd, keys):
    """Milliseconds from each key to the first bytes of the screen's answer."""
    lat = []
    for ch in keys:
        t0 = time.monotonic()
        os.write(fd, bytes([ch]))
        r, _, _ = select.select([fd], [], [], 5)
        if r:
            os.read(fd, 65536)
            lat.append((time.monotonic() - t0) * 1000)
        drain(fd, 0.1)
    return lat

def stop(pid, fd):
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        drain(fd, 0.2)
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)

def spawn_cmd(args, env_extra):
    """Like spawn, but finds args[0] on PATH (for the peers)."""
    if not os.path.isabs(args[0]):
        args = [shutil.which(args[0]) or args[0]] + args[1:]
    return spawn(args, env_extra)

def clean_home():
    for root, dirs, files in os.walk(home, topdown=False):
        for f in files:
            os.unlink(os.path.join(root, f))

def first_frame(args, env, marker):
    """Median and p95 ms from exec to the frame's last element (marker) on the terminal."""
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        pid, fd = spawn_cmd(args, env)
        read_until(fd, marker)
        times.append((time.monotonic() - t0) * 1000)
        stop(pid, fd)
        clean_home()
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]

def bytes_per_char(pid, fd):
    """Type 20 characters one at a time, each echo waited for; bytes written per character."""
    total = 0
    text = b"Checkout errors in e"
    for ch in text:
        os.write(fd, bytes([ch]))
        total += len(drain(fd, 0.15))
    stop(pid, fd)
    return total / len(text)

# An endpoint nobody answers: the first frame must not wait for the network or credentials.
env = {"AWS_ACCESS_KEY_ID": "AKIDBENCH", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1",
       "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}
DIALOG = ["dialog", "--form", "Declare an incident", "12", "64", "3",
          "Plan:", "1", "1", "", "1", "10", "44", "0",
          "Impact:", "2", "1", "", "2", "10", "4", "0",
          "Title:", "3", "1", "", "3", "10", "44", "0"]
WHIPTAIL = ["whiptail", "--inputbox", "Incident title", "8", "64"]
frames = {
    "klaxon": first_frame([klaxon], env, b"Quit"),
    "dialog": first_frame(DIALOG, {}, b"ancel"),
    "whiptail": first_frame(WHIPTAIL, {}, b"ancel"),
}

# Bytes per typed character: klaxon's title (training mode, first plan chosen), dialog's first
# field, whiptail's input box.
pid, fd = spawn([klaxon, "training"], {})
read_until(fd, b"Quit")
os.write(fd, b"\r")                      # open the picker
read_until(fd, b"plans")
drain(fd)
os.write(fd, b"\r")                      # choose the first plan
drain(fd, 0.5)
os.write(fd, b"\t")                      # Impact -> Title
drain(fd, 0.3)
os.write(fd, b"\x15")                    # Ctrl-U: an empty title
drain(fd, 0.3)
per_char = {"klaxon": bytes_per_char(pid, fd)}
for name, args in (("dialog", DIALOG), ("whiptail", WHIPTAIL)):
    pid, fd = spawn_cmd(args, {})
    read_until(fd, b"ancel")
    drain(fd, 0.3)
    per_char[name] = bytes_per_char(pid, fd)

print("the form on a pty at 80x24, %d runs each for the first frame" % runs)
print("%-10s %16s %12s %14s %14s" % ("tool", "first frame ms", "p95 ms", "frame / dialog",
                                      "bytes / char"))
for name in ("klaxon", "dialog", "whiptail"):
    med, p95 = frames[name]
    print("%-10s %16.1f %12.1f %13.2fx %14.1f" % (name, med, p95, med / frames["dialog"][0],
                                                  per_char[name]))

# The picker with 10,000 plans: from a key written to its redrawn list read back.
sim = subprocess.Popen([klaxon_sim, "--port", "0", "--quiet", "--synthetic-plans", "10000"],
                       stdout=subprocess.PIPE, text=True)
url = sim.stdout.readline().split()[-1]
env_sim = {"AWS_ACCESS_KEY_ID": "AKIDKLAXONTRAINING", "AWS_REGION": "us-east-1",
           "AWS_SECRET_ACCESS_KEY": "klaxon/training/secret/not/for/production",
           "AWS_ENDPOINT_URL": url}
pid, fd = spawn([klaxon], env_sim)
read_until(fd, b"Quit")
os.write(fd, b"\r")
read_until(fd, b"of 10000 plans", 60)
drain(fd, 0.3)
# Type a filter, and back, one Backspace at a time (the whole list).
lat = sorted(key_latencies(fd, b"plan 12") + key_latencies(fd, b"\x7f" * 7))
print("picker with 10000 plans: median %.2f ms, p95 %.2f ms per key (%d keys)" %
      (statistics.median(lat), lat[max(0, int(len(lat) * 0.95) - 1)], len(lat)))
stop(pid, fd)
sim.terminate()
sim.wait()
