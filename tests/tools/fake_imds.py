#!/usr/bin/env python3
"""A fake EC2 instance metadata service (IMDSv2) on 127.0.0.1, for klaxon's credential tests.

Prints "listening on http://127.0.0.1:PORT" once it accepts connections. Like the real service,
every GET needs the token from PUT /latest/api/token (else 401), and the PUT needs the
X-aws-ec2-metadata-token-ttl-seconds header (else 400). --mode picks a behaviour to test.
"""
import argparse
import datetime
import http.server
import json
import sys
import time

ROLE = "klaxon-test-role"
TOKEN = "fake-imds-token-0123456789"
ROLES = "/latest/meta-data/iam/security-credentials/"
MODES = ["ok", "expired", "garbage", "norole", "forbidden", "hang", "badrole", "failcode",
         "nosecret"]


def iso(delta):
    t = datetime.datetime.now(datetime.timezone.utc) + delta
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def credentials(mode):
    if mode == "garbage":
        return "<html>not json</html>"
    body = {
        "Code": "Success",
        "LastUpdated": iso(datetime.timedelta(0)),
        "Type": "AWS-HMAC",
        "AccessKeyId": "ASIAFAKEIMDSKEY",
        "SecretAccessKey": "fake/imds/secret/key",
        "Token": "fake-imds-session-token",
        "Expiration": iso(datetime.timedelta(hours=6)),
    }
    if mode == "expired":
        body["Expiration"] = iso(datetime.timedelta(hours=-1))
    if mode == "failcode":
        body = {"Code": "AssumeRoleUnauthorizedAccess", "Message": "no"}
    if mode == "nosecret":
        del body["SecretAccessKey"]
    return json.dumps(body)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    mode = "ok"

    def log_message(self, fmt, *args):
        sys.stderr.write("fake_imds: " + (fmt % args) + "\n")

    def reply(self, status, body=""):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.mode == "hang":
            time.sleep(120)
            return
        if self.path != "/latest/api/token":
            return self.reply(404)
        if self.mode == "forbidden":
            return self.reply(403)
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            return self.reply(400)
        self.reply(200, TOKEN)

    def do_GET(self):
        if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
            return self.reply(401)
        if self.path == ROLES:
            if self.mode == "norole":
                return self.reply(404)
            if self.mode == "badrole":
                return self.reply(200, "../../user-data\n")
            return self.reply(200, ROLE + "\n")
        if self.path == ROLES + ROLE:
            return self.reply(200, credentials(self.mode))
        self.reply(404)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mode", default="ok", choices=MODES)
    args = ap.parse_args()
    Handler.mode = args.mode
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
