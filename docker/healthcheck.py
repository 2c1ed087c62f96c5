"""Docker HEALTHCHECK: exit 0 when the local server's /healthz answers 200.

Sends a Host header that ALLOWED_HOSTS accepts (the first concrete entry), since
Django refuses requests for hosts it does not serve.
"""

import os
import sys
import urllib.error
import urllib.request


def probe_host() -> str:
    for entry in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = entry.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
    request = urllib.request.Request(url, headers={"Host": probe_host()})  # noqa: S310 - fixed local http URL
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            print(response.read().decode())
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"healthz answered {exc.code}: {exc.read().decode()}", file=sys.stderr)
    except OSError as exc:
        print(f"healthz not answering: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
