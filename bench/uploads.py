#!/usr/bin/env python3
"""Upload clients for the processing benchmarks: standard library only, one keep-alive connection per
client thread and server.

  uploads.py sessions --port P --tokens T1,T2,.. --count N --size BYTES --clients C --tag TAG --out FILE
      N uploads through the API's upload sessions: POST /api/v1/files/uploads, then PUT <uploadUrl> with the returned
      headers. Client k uses token k % len(tokens). Writes one JSON line per upload to FILE (fileId, client times in
      epoch seconds: start, put_done) and prints a JSON summary (first start, last put_done, errors). With
      --wait-final a client polls each file (GET /api/v1/files/{id}, every 10 ms) until it is ready, rejected or
      failed before its next upload, so uploads never overlap their processing.
  uploads.py direct --sas-url URL --count N --size BYTES --clients C --tag TAG
      The same N uploads (same bodies) as plain Put Blob requests straight to a container SAS URL: no API, no
      processing. Prints a JSON summary.

Bodies are text (text/plain): a first line "<tag> <n>" that makes each one unique (so processing never sees a
duplicate), then fixed text up to BYTES: base64 lines (--body base64, the default), or English prose-like lines of
words drawn from a fixed vocabulary with a skew towards common words (--body words: what text extraction and the
search index see in a real document, about one word per seven characters).
"""
import argparse
import base64
import functools
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

_VOCABULARY = ("the of and to in is that for it as was with be by on not this are or from at which have an they "
               "report budget meeting project system data service market policy health school company city water "
               "development management quality research analysis customer product support training security "
               "process office review contract payment invoice schedule delivery employee manager department "
               "committee approval request account balance revenue forecast strategy quarterly annual summary "
               "agenda minutes proposal").split()


@functools.lru_cache(maxsize=None)
def _filler(kind):
    """About 4 MiB of fixed text: 76-character base64 lines, or English prose-like lines (Zipf-like word choice)."""
    rng = random.Random(4)
    if kind == "base64":
        return base64.encodebytes(rng.randbytes(3 * 1024 * 1024))
    weights = [1.0 / (rank + 1) for rank in range(len(_VOCABULARY))]
    lines, total = [], 0
    while total < 4 * 1024 * 1024:
        line = " ".join(rng.choices(_VOCABULARY, weights, k=12)).capitalize() + ".\n"
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()


def body(tag, n, size, kind="base64"):
    filler = _filler(kind)
    head = f"{tag} {n}\n".encode()
    if size > len(head) + len(filler):
        raise SystemExit("size too large for the filler")
    return head + filler[: size - len(head)]


class Conn:
    """One keep-alive connection to host:port, reopened after an error."""

    def __init__(self, host, port):
        self.host, self.port, self.conn = host, port, None

    def request(self, method, path, payload=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=payload, headers=headers or {})
                resp = self.conn.getresponse()
                data = resp.read()
                return resp.status, data
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise


def run_clients(count, clients, work):
    """Runs work(client, n) for n in 0..count-1 over `clients` threads (client k takes n = k, k+clients, ...)."""
    errors = []

    def loop(k):
        for n in range(k, count, clients):
            try:
                work(k, n)
            except Exception as e:  # noqa: BLE001 - reported, the run is then invalid
                errors.append(f"{n}: {e}")
                if len(errors) > 20:
                    return

    threads = [threading.Thread(target=loop, args=(k,)) for k in range(clients)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return start, time.time(), errors


def sessions(args):
    tokens = args.tokens.split(",")
    api = [Conn("127.0.0.1", args.port) for _ in range(args.clients)]
    blob = [None] * args.clients
    rows = [None] * args.count

    def work(k, n):
        payload = body(args.tag, n, args.size, args.body)
        t0 = time.time()
        request = json.dumps({"name": f"{args.tag}-{n}.txt", "size": args.size, "contentType": "text/plain"})
        status, data = api[k].request("POST", "/api/v1/files/uploads", request,
                                      {"Authorization": "Bearer " + tokens[k % len(tokens)],
                                       "Content-Type": "application/json"})
        if status != 201:
            raise RuntimeError(f"POST uploads: HTTP {status} {data[:300]!r}")
        session = json.loads(data)
        url = urllib.parse.urlsplit(session["uploadUrl"])
        if blob[k] is None:
            blob[k] = Conn(url.hostname, url.port)
        status, data = blob[k].request("PUT", url.path + "?" + url.query, payload, dict(session["headers"]))
        if status != 201:
            raise RuntimeError(f"PUT blob: HTTP {status} {data[:300]!r}")
        rows[n] = {"fileId": session["fileId"], "start": t0, "put_done": time.time()}
        if args.wait_final:  # the next upload only once this one has left processing: no overlap, no queueing
            deadline = time.time() + 120
            while time.time() < deadline:
                status, data = api[k].request("GET", "/api/v1/files/" + session["fileId"], None,
                                              {"Authorization": "Bearer " + tokens[k % len(tokens)]})
                if status == 200 and json.loads(data).get("status") in ("ready", "rejected", "failed"):
                    break
                time.sleep(0.01)
            else:
                raise RuntimeError(f"file {session['fileId']} did not reach a final state in 120 s")

    start, end, errors = run_clients(args.count, args.clients, work)
    with open(args.out, "w") as f:
        for row in rows:
            if row:
                f.write(json.dumps(row) + "\n")
    done = [r for r in rows if r]
    print(json.dumps({"uploads": len(done), "errors": errors[:5], "error_count": len(errors), "start": start,
                      "last_put_done": max((r["put_done"] for r in done), default=end), "end": end}))


def direct(args):
    url = urllib.parse.urlsplit(args.sas_url)
    conns = [Conn(url.hostname, url.port) for _ in range(args.clients)]

    def work(k, n):
        path = f"{url.path}/{args.tag}-{n}.txt?{url.query}"
        status, data = conns[k].request("PUT", path, body(args.tag, n, args.size, args.body),
                                        {"x-ms-blob-type": "BlockBlob", "Content-Type": "text/plain"})
        if status != 201:
            raise RuntimeError(f"PUT blob: HTTP {status} {data[:300]!r}")

    start, end, errors = run_clients(args.count, args.clients, work)
    print(json.dumps({"uploads": args.count - len(errors), "errors": errors[:5], "error_count": len(errors),
                      "start": start, "end": end}))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sessions")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--tokens", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--wait-final", action="store_true",
                   help="after each upload, poll the file until it is ready, rejected or failed")
    d = sub.add_parser("direct")
    d.add_argument("--sas-url", required=True)
    for p in (s, d):
        p.add_argument("--count", type=int, required=True)
        p.add_argument("--size", type=int, required=True)
        p.add_argument("--clients", type=int, default=1)
        p.add_argument("--tag", required=True)
        p.add_argument("--body", choices=("base64", "words"), default="base64")
    args = parser.parse_args()
    _filler(args.body)  # built once, before the client threads start
    sessions(args) if args.command == "sessions" else direct(args)


if __name__ == "__main__":
    sys.exit(main())
