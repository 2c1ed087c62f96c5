#!/usr/bin/env bash
# Install Debian's chromium for the browser tests if it is missing.
# Never fails the build: without a browser the browser tests skip and say why.
set -u
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "browser: chromium not installed and apt-get unavailable; browser tests will skip" >&2
  exit 0
fi
echo "browser: installing Debian's chromium (first run only)…"
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
  || echo "browser: could not install chromium; browser tests will skip" >&2
exit 0
