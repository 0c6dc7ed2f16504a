#!/usr/bin/env python3
"""A stand-in drill room for the board's tests: answers GET /room/state with the file STATE as it
is at each request (the test rewrites it to make trainees join and declare), on 127.0.0.1 at a
free port written to PORTFILE. Usage: fake_room.py STATE PORTFILE"""
import http.server
import os
import sys


class Room(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/room/state":
            self.send_error(404)
            return
        with open(sys.argv[1], "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Room)
tmp = sys.argv[2] + ".tmp"
with open(tmp, "w") as f:
    f.write(str(server.server_address[1]))
os.rename(tmp, sys.argv[2])
server.serve_forever()
