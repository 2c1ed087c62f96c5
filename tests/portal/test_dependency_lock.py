"""make installs from requirements/lock.txt with --require-hashes: every dependency the
project names is pinned there, with a hash, so every machine runs what was tested."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ \\]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked():
    """{package: (version, hashes)} read from the lock file."""
    packages, current = {}, None
    for line in (ROOT / "requirements" / "lock.txt").read_text().splitlines():
        match = PINNED.match(line)
        if match:
            current = normalise(match[1])
            packages[current] = (match[2], [])
        elif current and line.strip().startswith("--hash=sha256:"):
            packages[current][1].append(line.strip())
        elif not line.startswith(" "):
            current = None
    return packages


def named_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["dev"]
    wanted += project["build-system"]["requires"]
    return {normalise(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0]) for spec in wanted}


def test_every_dependency_the_project_names_is_pinned_in_the_lock():
    missing = named_dependencies() - set(locked())
    assert not missing, f"not in requirements/lock.txt: {sorted(missing)}; run make lock"


def test_every_locked_package_has_a_hash():
    packages = locked()
    assert len(packages) > 50
    unhashed = [name for name, (_version, hashes) in packages.items() if not hashes]
    assert not unhashed
