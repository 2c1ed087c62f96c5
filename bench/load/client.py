"""The load test's client: a separate process driving the portal over loopback.

    python bench/load/client.py --port 8123 --duration 60 --users 24 --readers 4 \
        --description '{"page_path": ...}'

``--users`` threads each answer the survey again and again as new people: every
journey opens a fresh connection from its own loopback address (127.0.x.y, so the
per-address rate limit sees different people, as it would in real life), gets the
form, posts the step, the "your details" page and "check your answers", and follows
each redirect the way a browser does, ending on the confirmation page. Every journey
writes a unique sentence, so rows can be matched afterwards. ``--readers`` threads
read the consultation and home pages meanwhile. Prints one JSON line of results.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import re
import threading
import time
import urllib.parse
import uuid

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 30


class Browser:
    """One person: one keep-alive connection from one loopback address, their cookies."""

    def __init__(self, port: int, source_ip: str, record):
        self.connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=TIMEOUT, source_address=(source_ip, 0)
        )
        self.cookies: dict[str, str] = {}
        self.record = record

    def request(self, kind: str, method: str, path: str, form: dict | None = None):
        headers = {"Host": "127.0.0.1", "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.record(kind, 0, time.perf_counter() - started, repr(exc))
            self.connection.close()
            raise
        self.record(kind, response.status, time.perf_counter() - started, None)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return (
            response.status,
            response.getheader("Location") or "",
            content.decode("utf-8", "replace"),
        )

    def close(self):
        self.connection.close()


class Run:
    def __init__(self, args):
        self.args = args
        self.description = json.loads(args.description)
        self.deadline = time.monotonic() + args.duration
        self.lock = threading.Lock()
        self.requests: list[tuple[str, int, float]] = []
        self.errors: dict[str, int] = {}
        self.journeys_ok: list[tuple[str, float]] = []
        self.journeys_failed = 0
        self.unsure: list[str] = []  # final post sent, but no confirmation seen
        self.addresses = itertools.count()

    def record(self, kind, status, seconds, error):
        with self.lock:
            self.requests.append((kind, status, seconds))
            if error or status >= 500 or status == 0:
                key = error or f"HTTP {status} on {kind}"
                self.errors[key] = self.errors.get(key, 0) + 1

    def source_ip(self) -> str:
        with self.lock:
            n = next(self.addresses)
        return f"127.0.{(n // 250) % 250 + 1}.{n % 250 + 2}"

    def expect(self, status, location, kind, wanted_status, wanted_end=""):
        if status != wanted_status or not location.endswith(wanted_end):
            with self.lock:
                key = f"unexpected {status} {location[-30:]} on {kind}"
                self.errors[key] = self.errors.get(key, 0) + 1
            raise RuntimeError(key)

    def journey(self, rng: random.Random) -> None:
        d = self.description
        page = d["page_path"]
        token = f"load-{uuid.uuid4().hex}"
        browser = Browser(self.args.port, self.source_ip(), self.record)
        started = time.perf_counter()
        final_sent = False
        try:
            status, _, html = browser.request("get form", "GET", page + "respond/step/1/")
            if status != 200:
                raise RuntimeError("form")
            csrf = CSRF.search(html).group(1)
            answers = {
                "csrfmiddlewaretoken": csrf,
                d["travel_field"]: rng.choice(d["travel_options"]),
                d["why_field"]: f"{token} because the bus is slow",
            }
            status, location, _ = browser.request(
                "post step", "POST", page + "respond/step/1/", answers
            )
            self.expect(status, location, "post step", 302, "respond/your-details/")
            follow = not self.args.lean
            if follow:
                browser.request("get details", "GET", location)
            status, location, _ = browser.request(
                "post details",
                "POST",
                page + "respond/your-details/",
                {"csrfmiddlewaretoken": csrf, "respondent_type": "individual"},
            )
            self.expect(status, location, "post details", 302, "respond/check/")
            if follow:
                browser.request("get check", "GET", location)
            final_sent = True
            status, location, _ = browser.request(
                "submit", "POST", page + "respond/check/", {"csrfmiddlewaretoken": csrf}
            )
            self.expect(status, location, "submit", 302, "respond/done/")
            if follow:
                status, _, html = browser.request("get done", "GET", location)
                if status != 200:
                    raise RuntimeError("done")
            with self.lock:
                self.journeys_ok.append((token, time.perf_counter() - started))
        except (RuntimeError, OSError, http.client.HTTPException, AttributeError):
            with self.lock:
                self.journeys_failed += 1
                if final_sent:
                    self.unsure.append(token)
        finally:
            browser.close()

    def respondent(self, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 - load test data
        while time.monotonic() < self.deadline:
            self.journey(rng)

    def reader(self, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311
        d = self.description
        browser = Browser(self.args.port, self.source_ip(), self.record)
        while time.monotonic() < self.deadline:
            path = rng.choice([d["page_path"], d["home_path"]])
            try:
                browser.request("read page", "GET", path)
            except (OSError, http.client.HTTPException):
                browser = Browser(self.args.port, self.source_ip(), self.record)
        browser.close()

    def go(self) -> dict:
        threads = [
            threading.Thread(target=self.respondent, args=(i,), daemon=True)
            for i in range(self.args.users)
        ] + [
            threading.Thread(target=self.reader, args=(1000 + i,), daemon=True)
            for i in range(self.args.readers)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=self.args.duration + 2 * TIMEOUT)
        elapsed = time.monotonic() - started
        return self.summary(elapsed)

    def summary(self, elapsed: float) -> dict:
        def pct(values, q):
            if not values:
                return None
            ordered = sorted(values)
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

        by_kind: dict[str, list[float]] = {}
        for kind, _status, seconds in self.requests:
            by_kind.setdefault(kind, []).append(seconds)
        failed_requests = sum(1 for _k, status, _s in self.requests if status == 0 or status >= 500)
        journey_times = [seconds for _t, seconds in self.journeys_ok]
        return {
            "elapsed_seconds": round(elapsed, 2),
            "journeys_ok": len(self.journeys_ok),
            "journeys_failed": self.journeys_failed,
            "submissions_per_second": round(len(self.journeys_ok) / elapsed, 2),
            "requests": len(self.requests),
            "requests_per_second": round(len(self.requests) / elapsed, 1),
            "failed_requests": failed_requests,
            "error_rate": round(failed_requests / max(1, len(self.requests)), 5),
            "errors": self.errors,
            "journey_p50_ms": pct(journey_times, 0.50),
            "journey_p95_ms": pct(journey_times, 0.95),
            "latency_ms": {
                kind: {"count": len(v), "p50": pct(v, 0.5), "p95": pct(v, 0.95)}
                for kind, v in sorted(by_kind.items())
            },
            "all_requests_p95_ms": pct([s for _k, _st, s in self.requests], 0.95),
            "tokens_ok": [t for t, _s in self.journeys_ok],
            "tokens_unsure": self.unsure,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--lean", action="store_true", help="do not GET redirect targets")
    parser.add_argument("--description", required=True)
    result = Run(parser.parse_args()).go()
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
