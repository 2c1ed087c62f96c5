"""Run every benchmark in bench/ (``make bench``).

Each benchmark is a script that exits 0 when it meets its target. They run in turn
against the database the environment names (``DATABASE_URL``; a throwaway SQLite
file when unset). Extra arguments are passed to every script, e.g.
``.venv/bin/python bench/run.py --responses 20000``.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["summary.py", "search_explorer.py", "themes_suggest.py", "report_build.py"]


def main(argv: list[str]) -> int:
    failed = []
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        completed = subprocess.run([sys.executable, str(HERE / name), *argv], check=False)  # noqa: S603
        if completed.returncode != 0:
            failed.append(name)
    if failed:
        print(f"Missed target or failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
