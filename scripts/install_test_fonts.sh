#!/usr/bin/env bash
# Fonts for the browser tests' screenshots: Debian's chromium ships none for Bengali
# or Gujarati, so those pages would be saved as empty boxes. Small Debian packages,
# installed once; never fails the build (the screenshots are then less useful, the
# tests still run).
set -u
missing=()
for package in fonts-lohit-beng-bengali fonts-lohit-gujr; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "fonts: ${missing[*]} not installed and apt-get unavailable; Bengali screenshots show boxes" >&2
  exit 0
fi
echo "fonts: installing ${missing[*]} for the screenshots (first run only)…"
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
  || echo "fonts: could not install ${missing[*]}" >&2
exit 0
