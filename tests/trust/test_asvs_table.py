"""The README's "Security: ASVS 5.0 level 2" table cannot claim a test that is not there.

Each row names an ASVS 5.0 requirement and the tests that prove it, as pytest node ids
(``tests/<path>.py::test_name``). This reads the table and checks every cited test is a
test function defined in that file, so a renamed or deleted test breaks the build
rather than leaving the table to say something untrue.
"""

import ast
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
HEADING = "## Security: ASVS 5.0 level 2"
REQUIREMENT = re.compile(r"^V\d+\.\d+\.\d+$")
NODE = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")


def table_rows() -> list[tuple[str, str, list[tuple[str, str]]]]:
    text = (BASE_DIR / "README.md").read_text()
    assert HEADING in text, f"README.md has no '{HEADING}' section"
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and REQUIREMENT.match(cells[0]):
            rows.append((cells[0], cells[1], NODE.findall(cells[2])))
    return rows


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def test_the_table_lists_at_least_25_requirements_once_each():
    ids = [requirement for requirement, _text, _tests in table_rows()]
    assert len(ids) >= 25, ids
    assert len(ids) == len(set(ids)), "a requirement is listed twice"


def test_every_row_says_what_is_required_and_cites_a_test():
    for requirement, text, tests in table_rows():
        assert text, requirement
        assert tests, f"{requirement} cites no test as tests/<file>.py::test_name"


def missing_tests(rows) -> list[str]:
    missing = []
    for requirement, _text, tests in rows:
        for path, name in tests:
            file = BASE_DIR / path
            if not file.exists() or name not in defined_tests(file):
                missing.append(f"{requirement}: {path}::{name}")
    return missing


def test_every_cited_test_exists():
    missing = missing_tests(table_rows())
    assert not missing, "the README cites tests that do not exist:\n" + "\n".join(missing)


def test_a_renamed_or_missing_test_would_be_caught():
    rows = [
        ("V0.0.1", "a test renamed", [("tests/trust/test_asvs_table.py", "test_no_such_test")]),
        ("V0.0.2", "a file removed", [("tests/trust/test_no_such_file.py", "test_anything")]),
        ("V0.0.3", "a helper, not a test", [("tests/trust/test_asvs_table.py", "table_rows")]),
    ]
    assert len(missing_tests(rows)) == 3
