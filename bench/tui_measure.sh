#!/usr/bin/env bash
# Measures the form on a real pseudo-terminal (80x24): time to the first interactive frame,
# bytes written to the terminal per character typed into the title (20 characters, one at a
# time, each waited for), and the picker's per-key latency (key written to the redrawn list
# read back) with 10,000 plans from the simulator. Usage: bench/tui_measure.sh [BUILD_DIR] [RUNS]
set -eu
build=${1:-build}
runs=${2:-20}
cd "$(dirname "$0")/.."
exec python3 - "$PWD/$build/klaxon" "$runs" "$PWD/$build/klaxon-sim" <<'PY'
import os, pty, select, sys, time, signal, tempfile, struct, fcntl, termios, statistics, subprocess
import atexit, shutil

klaxon, runs, klaxon_sim = sys.argv[1], int(sys.argv[2]), sys.argv[3]
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

# An endpoint nobody answers: the first frame must not wait for the network or credentials.
env = {"AWS_ACCESS_KEY_ID": "AKIDBENCH", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_REGION": "us-east-1",
       "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}
times = []
for i in range(runs):
    t0 = time.monotonic()
    pid, fd = spawn([klaxon], env)
    read_until(fd, b"Quit")
    times.append((time.monotonic() - t0) * 1000)
    stop(pid, fd)
    for root, dirs, files in os.walk(home, topdown=False):
        for f in files:
            os.unlink(os.path.join(root, f))
times.sort()
print("first frame: median %.1f ms, p95 %.1f ms (%d runs, fork+exec included)" %
      (statistics.median(times), times[int(len(times) * 0.95) - 1], runs))

# Bytes per typed title character: training mode, choose the first plan, go to the title.
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
total = 0
text = b"Checkout errors in eu"[:20]
for ch in text:
    os.write(fd, bytes([ch]))
    out = drain(fd, 0.15)
    total += len(out)
print("bytes per typed title character: %.1f (%d bytes for %d characters)" %
      (total / len(text), total, len(text)))
stop(pid, fd)

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
lat = []
for ch in b"plan 12":
    t0 = time.monotonic()
    os.write(fd, bytes([ch]))
    r, _, _ = select.select([fd], [], [], 5)
    if r:
        os.read(fd, 65536)
        lat.append((time.monotonic() - t0) * 1000)
    drain(fd, 0.1)
for ch in b"\x7f" * 7:                    # and back, one Backspace at a time (the whole list)
    t0 = time.monotonic()
    os.write(fd, bytes([ch]))
    r, _, _ = select.select([fd], [], [], 5)
    if r:
        os.read(fd, 65536)
        lat.append((time.monotonic() - t0) * 1000)
    drain(fd, 0.1)
lat.sort()
print("picker with 10000 plans: median %.2f ms, p95 %.2f ms per key (%d keys)" %
      (statistics.median(lat), lat[max(0, int(len(lat) * 0.95) - 1)], len(lat)))
stop(pid, fd)
sim.terminate()
sim.wait()
PY
