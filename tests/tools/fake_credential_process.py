#!/usr/bin/env python3
"""A fake credential_process for klaxon's tests: prints what the mode (argv[1]) asks for.

Modes: ok, noexp, garbage, v2, noversion, nosecret, expired, badexp, notobject, fail (stderr and
exit 3), hang (sleeps; writes its pid to $FAKE_PID_FILE), huge (100 KiB), args (AccessKeyId is the
remaining arguments joined by "|"), stdin (is stdin empty?), env (can it see
AWS_SECRET_ACCESS_KEY?).
"""
import datetime
import json
import os
import sys
import time


def iso(hours):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=hours)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def creds(**extra):
    body = {
        "Version": 1,
        "AccessKeyId": "AKIDFAKEPROCESS",
        "SecretAccessKey": "fake/process/secret",
        "SessionToken": "fake-process-token",
        "Expiration": iso(1),
    }
    body.update(extra)
    return {k: v for k, v in body.items() if v is not None}


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
    out = None
    if mode == "ok":
        out = json.dumps(creds())
    elif mode == "noexp":
        out = json.dumps(creds(Expiration=None, SessionToken=None))
    elif mode == "garbage":
        out = "AccessKeyId=AKIDFAKEPROCESS SecretAccessKey=fake/process/secret"
    elif mode == "v2":
        out = json.dumps(creds(Version=2))
    elif mode == "noversion":
        out = json.dumps(creds(Version=None))
    elif mode == "nosecret":
        out = json.dumps(creds(SecretAccessKey=None))
    elif mode == "expired":
        out = json.dumps(creds(Expiration=iso(-1)))
    elif mode == "badexp":
        out = json.dumps(creds(Expiration="tomorrow"))
    elif mode == "notobject":
        out = json.dumps(["AKIDFAKEPROCESS"])
    elif mode == "fail":
        sys.stderr.write("fake: session expired, run login\n")
        sys.exit(3)
    elif mode == "hang":
        pid_file = os.environ.get("FAKE_PID_FILE")
        if pid_file:
            with open(pid_file, "w") as f:
                f.write(str(os.getpid()))
        time.sleep(300)
    elif mode == "huge":
        out = "x" * (100 * 1024)
    elif mode == "args":
        out = json.dumps(creds(AccessKeyId="|".join(sys.argv[2:])))
    elif mode == "stdin":
        out = json.dumps(creds(AccessKeyId="stdin-empty" if sys.stdin.read() == "" else "stdin-data"))
    elif mode == "env":
        seen = "AWS_SECRET_ACCESS_KEY" in os.environ or "AWS_SESSION_TOKEN" in os.environ
        out = json.dumps(creds(AccessKeyId="env-has-secret" if seen else "env-clean"))
    else:
        sys.stderr.write("fake: unknown mode %s\n" % mode)
        sys.exit(2)
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
