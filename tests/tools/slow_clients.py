#!/usr/bin/env python3
"""Slow clients against klaxon-sim on 127.0.0.1: open COUNT connections that trickle a request
(one header line, or one body byte, a second), then time a fresh client's whole request while
they are all still open. Bounded: at most 2000 connections and 120 s, loopback only.

  slow_clients.py PORT [--count N] [--wait-close SECONDS]

Prints, one per line:
  opened N                     connections established and sending
  fresh STATUS MS              the fresh request's status line code and time (or "fresh none")
  open_at_answer N             slow connections still open when the fresh answer came
  baseline STATUS MS           the same request with no slow connection open (before any)
  closed_by_server N           (with --wait-close) how many the server cut off before the end
"""
import argparse
import select
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
HANG_GUARD = 60  # seconds: only so that a starved server fails the test rather than hangs it


def fresh_request(port):
    """One whole unsigned request; returns (status or None, milliseconds)."""
    start = time.monotonic()
    try:
        with socket.create_connection((HOST, port), timeout=HANG_GUARD) as s:
            s.sendall(b"POST /listResponsePlans HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 2\r\n"
                      b"Connection: close\r\n\r\n{}")
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError:
        return None, (time.monotonic() - start) * 1000
    ms = (time.monotonic() - start) * 1000
    parts = data.split(b" ", 2)
    return (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None), ms


class Slow:
    """One slow connection: half trickle header lines, half a body one byte at a time."""

    def __init__(self, port, i):
        self.sock = socket.create_connection((HOST, port), timeout=5)
        self.body = i % 2 == 1
        self.n = 0
        self.closed = False
        head = b"POST /listResponsePlans HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if self.body:  # the headers whole at once, then a body that never quite arrives
            head += b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        self.sock.sendall(head)
        self.sock.setblocking(False)

    def tick(self):
        if self.closed:
            return
        self.n += 1
        try:
            self.sock.send(b" " if self.body else b"X-Slow-%d: x\r\n" % self.n)
        except OSError:
            self.closed = True

    def poll_closed(self):
        """True once the server has ended the connection (EOF, reset or an answer and close)."""
        if self.closed:
            return True
        try:
            r, _, _ = select.select([self.sock], [], [], 0)
            if r:
                while True:
                    if not self.sock.recv(65536):
                        self.closed = True
                        break
        except BlockingIOError:
            pass
        except OSError:
            self.closed = True
        return self.closed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--wait-close", type=float, default=0)
    a = ap.parse_args()
    count = max(1, min(a.count, 2000))
    wait_close = max(0.0, min(a.wait_close, 120.0))

    for _ in range(3):  # the last of three: the first pays for a cold start
        status, ms = fresh_request(a.port)
    print("baseline %s %.1f" % (status if status else "none", ms), flush=True)

    slow = []
    for i in range(count):
        slow.append(Slow(a.port, i))
    print("opened %d" % len(slow), flush=True)

    result = {}
    t = threading.Thread(target=lambda: result.update(r=fresh_request(a.port)), daemon=True)
    # Let every slow connection send at least once more before the fresh client comes.
    for s in slow:
        s.tick()
    t.start()
    begin = time.monotonic()
    while t.is_alive() and time.monotonic() - begin < HANG_GUARD:
        t.join(timeout=1.0)
        for s in slow:
            s.tick()
    open_now = sum(1 for s in slow if not s.poll_closed())
    status, ms = result.get("r", (None, 0))
    print("fresh %s %.1f" % (status if status else "none", ms), flush=True)
    print("open_at_answer %d" % open_now, flush=True)

    if wait_close > 0:
        end = time.monotonic() + wait_close
        while time.monotonic() < end and not all(s.poll_closed() for s in slow):
            time.sleep(1.0)
            for s in slow:
                s.tick()
        print("closed_by_server %d" % sum(1 for s in slow if s.poll_closed()), flush=True)
    for s in slow:
        s.sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
