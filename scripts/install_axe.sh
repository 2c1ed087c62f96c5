#!/usr/bin/env bash
# Install axe-core (pinned in package.json / package-lock.json) into node_modules/
# for the accessibility checks in tests/browser/. Idempotent: does nothing when the
# pinned version is already there. Never fails the build: without axe-core the
# accessibility tests skip and say why.
set -u
cd "$(dirname "$0")/.."

wanted="$(sed -n 's/.*"axe-core": *"\([^"]*\)".*/\1/p' package.json | head -n 1)"
installed="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' node_modules/axe-core/package.json 2>/dev/null | head -n 1)"
if [ -n "$wanted" ] && [ "$installed" = "$wanted" ] && [ -f node_modules/axe-core/axe.min.js ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "axe: installing npm from Debian (first run only)…"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; } \
      || echo "axe: could not install npm" >&2
  fi
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "axe: npm is not available; the accessibility checks will skip" >&2
  exit 0
fi

echo "axe: installing axe-core ${wanted} into node_modules/…"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error || echo "axe: npm ci failed; the accessibility checks will skip" >&2
else
  npm install --no-audit --no-fund --loglevel=error || echo "axe: npm install failed; the accessibility checks will skip" >&2
fi
exit 0
