#!/usr/bin/env bash
# Extract the portal's own interface strings into locale/<lang>/LC_MESSAGES/django.po
# for every non-English site language, then compile the .mo files (committed, so a
# fresh machine needs no gettext at run time). Translate the new msgstr entries
# after running this, then run it again (or just compilemessages) to rebuild .mo.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python
"$PY" manage.py makemessages \
  -l pl -l ro -l es -l pt -l bn -l gu -l ur -l ar -l so \
  --ignore=.venv --ignore=node_modules --ignore=staticfiles \
  --ignore=tests --ignore=bench --no-obsolete
"$PY" manage.py compilemessages --ignore=.venv
