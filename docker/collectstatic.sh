#!/usr/bin/env bash
# Build-time step of the Dockerfile: collect (hash, compress) static files with the
# production settings. Production settings refuse to load without SECRET_KEY,
# DATABASE_URL and ALLOWED_HOSTS, so this gives them placeholders that exist only
# for this one command: nothing is stored in the image's environment, and
# collectstatic neither signs anything nor opens the database.
set -euo pipefail
cd "$(dirname "$0")/.."
SECRET_KEY="collectstatic-at-build-time-only" \
DATABASE_URL="sqlite:////tmp/collectstatic-unused.sqlite3" \
ALLOWED_HOSTS="build.invalid" \
DJANGO_SETTINGS_MODULE="portal.settings.production" \
  exec "${PYTHON:-python}" manage.py collectstatic --noinput --verbosity 1
