#!/usr/bin/env python3
"""Send raw bytes to a server on 127.0.0.1 and print its status code and whether it then closed
the connection: "STATUS open|closed" ("none closed" when it hung up without answering).

  raw_http.py PORT < request-bytes
"""
import socket
import sys


def main():
    port = int(sys.argv[1])
    data = sys.stdin.buffer.read()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(data)
        got = b""
        try:
            while b"\r\n\r\n" not in got:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            head, _, rest = got.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v.strip())
            while len(rest) < length:
                chunk = s.recv(65536)
                if not chunk:
                    break
                rest += chunk
            # Answered: does the server close, or wait for the next request?
            s.settimeout(2)
            try:
                closed = s.recv(1) == b""
            except socket.timeout:
                closed = False
        except (ConnectionResetError, socket.timeout):
            closed = True
    parts = got.split(b" ", 2)
    status = parts[1].decode() if len(parts) > 1 and parts[1].isdigit() else "none"
    print(status, "closed" if closed else "open")
    if "-v" in sys.argv[2:]:
        sys.stderr.write(got.decode("utf-8", "replace") + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
