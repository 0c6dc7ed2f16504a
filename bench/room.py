#!/usr/bin/env python3
"""The drill room under load (bench/room.sh): N trainees join a klaxon-sim room and declare at
the same moment, each with the keys the room gave it, retrying throttles, failures and dropped
connections with the same clientToken as klaxon does; every request's answer time is recorded.
The same is done by one trainee alone, RUNS times, for the baseline. Prints p50/p99 of both and
the ratio. Usage: room.py URL TRAINEES RUNS BODY_FILE"""
import datetime, hashlib, hmac, http.client, json, random, sys, threading, time, urllib.parse

url, trainees, runs, body_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
model = json.load(open(body_file))
host = urllib.parse.urlparse(url).netloc


def post(path, body, headers=None):
    c = http.client.HTTPConnection(host, timeout=120)
    try:
        c.request("POST", path, body=body, headers=headers or {"Content-Type": "application/json"})
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def signed_headers(keys, body):
    """SigV4 for POST /startIncident, as botocore signs it (host, x-amz-date, content-type)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    amz, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    region = keys["region"]
    h = {"content-type": "application/json", "host": host, "x-amz-date": amz}
    names = ";".join(sorted(h))
    canon = "\n".join(["POST", "/startIncident", "", "".join("%s:%s\n" % (k, h[k]) for k in sorted(h)),
                       names, hashlib.sha256(body).hexdigest()])
    scope = "%s/%s/ssm-incidents/aws4_request" % (day, region)
    sts = "\n".join(["AWS4-HMAC-SHA256", amz, scope, hashlib.sha256(canon.encode()).hexdigest()])
    k = ("AWS4" + keys["secret_access_key"]).encode()
    for part in (day, region, "ssm-incidents", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Amz-Date": amz,
            "Authorization": "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s"
            % (keys["access_key_id"], scope, names, sig)}


def declare(keys, token, times):
    """StartIncident until it is answered 200, standard retry mode's jittered backoff between."""
    body = json.dumps(dict(model, clientToken=token)).encode()
    for attempt in range(10):
        t0 = time.monotonic()
        try:
            status, _ = post("/startIncident", body, signed_headers(keys, body))
        except (OSError, http.client.HTTPException):
            status = None  # a dropped connection
        times.append(time.monotonic() - t0)
        if status == 200:
            return True
        time.sleep(random.uniform(0, min(0.2 * 2 ** attempt, 2)))
    return False


def trainee(name, start, times, failures):
    status, raw = post("/room/join", json.dumps({"name": name}))
    keys = json.loads(raw)
    if status != 200:
        failures.append(name)
        return
    start.wait()
    if not declare(keys, name + "-token", times):
        failures.append(name)
    post("/room/leave", json.dumps({"trainee": keys["trainee"]}))


def crowd(prefix, n):
    times, failures, start = [], [], threading.Event()
    threads = [threading.Thread(target=trainee, args=("%s-%03d" % (prefix, i), start, times, failures))
               for i in range(n)]
    for t in threads:
        t.start()
    time.sleep(0.5)  # every trainee has joined and waits: they declare at once
    start.set()
    for t in threads:
        t.join()
    return times, failures


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


alone, fail1 = [], []
for r in range(runs):
    t, f = crowd("alone-%03d" % r, 1)
    alone += t
    fail1 += f
many, failn = crowd("room", trainees)
if fail1 or failn:
    print("declarations that never got through: %d alone, %d in the room" % (len(fail1), len(failn)))
    sys.exit(1)
print("drill room: StartIncident answer times (every attempt, throttled ones too)")
print("%-28s %9s %9s %9s" % ("", "requests", "p50 ms", "p99 ms"))
print("%-28s %9d %9.1f %9.1f" % ("1 trainee alone (x%d)" % runs, len(alone), pct(alone, 50) * 1e3,
                                 pct(alone, 99) * 1e3))
print("%-28s %9d %9.1f %9.1f" % ("%d trainees at once" % trainees, len(many), pct(many, 50) * 1e3,
                                 pct(many, 99) * 1e3))
print("p99 ratio, room / alone: %.2fx" % (pct(many, 99) / pct(alone, 99)))
