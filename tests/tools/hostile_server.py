#!/usr/bin/env python3
"""A hostile Incident Manager on 127.0.0.1 for klaxon's client tests: each --mode answers the
way a broken or malicious server might. Signatures are not checked.

Prints "listening on http://127.0.0.1:PORT" once it accepts connections. With --log FILE it
appends one JSON line per request: {"path": ..., "client_token": ..., "next_token": ...}.
"""
import argparse
import http.server
import json
import socket
import sys

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/critical-outage/0123456789ab"
# An escape sequence that retitles the terminal, one that clears it, a C1 CSI and a bidi
# override: none may reach a terminal raw.
EVIL = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202egnp.exe"
MODES = {
    "endless-pages": "a new nextToken on every ListResponsePlans page, one plan each",
    "huge-pages": "a new nextToken on every page, 500 plans each",
    "long-token": "a nextToken of 5000 characters",
    "plans-not-list": "responsePlanSummaries is a string",
    "arn-number": "StartIncident answers 200 with incidentRecordArn 12345",
    "arn-missing": "StartIncident answers 200 {}",
    "arn-not-arn": "StartIncident answers 200 with a request id for an ARN",
    "arn-escape": "escape sequences in StartIncident's ARN and GetIncidentRecord's title",
    "not-json": "every call answers 200 with an HTML page",
    "validation": "every call answers 400 ValidationException",
    "escape-error": "every call answers 400 with escape sequences in the type and message",
    "many-headers": "every answer carries 5000 headers",
    "no-incident-record": "GetIncidentRecord answers 200 {}",
    "evil-names": "escape sequences in plan names, the plan's summary, the ARN and the record",
}


def plan(i, evil=False):
    p = {"arn": "arn:aws:ssm-incidents::111122223333:response-plan/p%d" % i, "name": "p%d" % i}
    if evil:
        p["displayName"] = "Plan " + EVIL
    return p


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile"

    def setup(self):
        super().setup()
        # Headers and body go out as two writes: without this, delayed ACKs cost 40 ms a call.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "req-0001")
        for k, v in headers:
            self.send_header(k, v)
        if self.server.mode == "many-headers":
            for i in range(5000):
                self.send_header("x-filler-%d" % i, "y" * 20)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b"{}"
        try:
            return json.loads(raw)
        except ValueError:
            return {}

    def do_GET(self):
        self.handle_call({})

    def do_POST(self):
        self.handle_call(self.read_body())

    def handle_call(self, body):
        path = self.path.split("?")[0]
        if self.server.log:
            rec = {"path": path, "client_token": body.get("clientToken"),
                   "next_token": body.get("nextToken")}
            with open(self.server.log, "a") as f:
                f.write(json.dumps(rec) + "\n")
        m = self.server.mode
        if m == "validation":
            return self.reply(400, {"message": "1 validation error detected"},
                              [("x-amzn-ErrorType", "ValidationException")])
        if m == "escape-error":
            return self.reply(400, {"message": "denied " + EVIL},
                              [("x-amzn-ErrorType", "Evil\x1b[2JException")])
        if m == "not-json":
            return self.reply(200, b"<html>maintenance</html>")
        if path == "/listResponsePlans":
            return self.list_plans(body)
        if path == "/startIncident":
            arn = {"arn-number": 12345, "arn-not-arn": "req-0001",
                   "arn-escape": ARN + EVIL}.get(m, ARN)
            return self.reply(200, {} if m == "arn-missing" else {"incidentRecordArn": arn})
        if path == "/getIncidentRecord":
            if m == "no-incident-record":
                return self.reply(200, {})
            title = "t" + EVIL if m in ("arn-escape", "evil-names") else "t"
            return self.reply(200, {"incidentRecord": {"arn": ARN, "title": title}})
        if path == "/getResponsePlan":
            tmpl = {"title": "t", "impact": 3}
            if m == "evil-names":
                tmpl["summary"] = "sum " + EVIL
            return self.reply(200, {"arn": plan(0)["arn"], "name": "p0", "incidentTemplate": tmpl,
                                    "engagements": ["arn:aws:ssm-contacts::1:contact/" + EVIL]})
        return self.reply(404, {"message": "no such path"},
                          [("x-amzn-ErrorType", "UnknownOperationException")])

    def list_plans(self, body):
        m = self.server.mode
        page = int((body.get("nextToken") or "t0")[1:].split("-")[0] or 0)
        if m == "plans-not-list":
            return self.reply(200, {"responsePlanSummaries": "p0"})
        if m == "long-token":
            return self.reply(200, {"responsePlanSummaries": [plan(0)], "nextToken": "x" * 5000})
        per = 500 if m == "huge-pages" else 1
        items = [plan(page * per + i, m == "evil-names") for i in range(per)]
        out = {"responsePlanSummaries": items}
        if m in ("endless-pages", "huge-pages"):
            out["nextToken"] = "t%d-%s" % (page + 1, "n" * 40)
        return self.reply(200, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mode", required=True, choices=sorted(MODES))
    ap.add_argument("--log")
    a = ap.parse_args()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.mode, srv.log = a.mode, a.log
    print("listening on http://127.0.0.1:%d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
