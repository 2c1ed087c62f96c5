#!/usr/bin/env bash
# Entrypoint for the web, worker and beat containers (and usable outside Docker).
#
#   1. wait until the database answers (at most DB_WAIT_SECONDS, default 60);
#   2. apply migrations when RUN_MIGRATIONS=1 (set on the web service only);
#   3. exec the command, so it replaces this shell and receives signals directly.
#
# PYTHON (default: python) and DJANGO_SETTINGS_MODULE (default: production) can be
# overridden, which is how tests run it against a throwaway database.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "entrypoint: no command given" >&2
  exit 64
fi

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-portal.settings.production}"
export DB_WAIT_SECONDS="${DB_WAIT_SECONDS:-60}"

"$PYTHON" - <<'PY'
import os
import sys
import time

import django

django.setup()

from django.db import connections
from django.db.utils import OperationalError

limit = float(os.environ["DB_WAIT_SECONDS"])
deadline = time.monotonic() + limit
while True:
    try:
        connections["default"].ensure_connection()
    except OperationalError as exc:
        if time.monotonic() >= deadline:
            sys.exit(f"entrypoint: database not answering after {limit:g}s: {exc}")
        print("entrypoint: waiting for the database...", file=sys.stderr, flush=True)
        time.sleep(1)
    else:
        break
print("entrypoint: database is answering", flush=True)
PY

if [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
  echo "entrypoint: applying migrations"
  "$PYTHON" manage.py migrate --noinput
fi

exec "$@"
