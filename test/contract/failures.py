"""Summarises a Schemathesis NDJSON report: each failing check per operation, counted, with one example request and
the answer it got. Run with the tools' Python after a contract check:

    .tools/schemathesis/bin/python test/contract/failures.py test-output/schemathesis/ndjson-*.ndjson
"""
import base64
import collections
import json
import sys


def decode(v):
    if isinstance(v, dict) and "$base64" in v:
        return base64.b64decode(v["$base64"]).decode("utf-8", "replace")
    return "" if v is None else str(v)


def main(paths):
    seen = collections.OrderedDict()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                event = json.loads(line)
                done = event.get("ScenarioFinished")
                if not done:
                    continue
                rec = done["recorder"]
                for case_id, checks in rec.get("checks", {}).items():
                    for c in checks:
                        if c["status"] != "failure":
                            continue
                        info = c.get("failure_info", {}).get("failure", {})
                        key = (c["name"], info.get("operation", rec.get("label")), info.get("title", ""))
                        entry = seen.setdefault(key, {"count": 0, "example": None, "message": info.get("message", "")})
                        entry["count"] += 1
                        if entry["example"] is None:
                            case = rec["cases"].get(case_id, {}).get("value", {})
                            inter = rec.get("interactions", {}).get(case_id) or {}
                            resp = inter.get("response") or {}
                            body = decode(resp.get("content"))
                            sent = decode((inter.get("request") or {}).get("body"))
                            entry["example"] = {
                                "request": {k: case.get(k) for k in ("method", "path", "path_parameters", "query", "headers", "body", "media_type") if case.get(k) is not None},
                                "sent": sent[:300],
                                "status": resp.get("status_code"),
                                "response": str(body)[:400],
                            }
    for (check, operation, title), e in sorted(seen.items(), key=lambda kv: (kv[0][1] or "", kv[0][0])):
        print(f"{operation}  [{check}] {title} x{e['count']}")
        print(f"    {e['message'].splitlines()[0] if e['message'] else ''}")
        if e["example"]:
            ex = e["example"]
            req = dict(ex["request"])
            if "headers" in req:
                req["headers"] = {k: v for k, v in req["headers"].items() if k.lower() != "authorization"}
            print(f"    request: {json.dumps(req, ensure_ascii=False)[:400]}")
            if ex["sent"]:
                print(f"    body:    {ex['sent']}")
            print(f"    answer:  {ex['status']} {ex['response']}")
    print(f"{len(seen)} distinct failures")


if __name__ == "__main__":
    main(sys.argv[1:])
