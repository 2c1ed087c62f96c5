"""axe-core, injected into the page under test, and a record of what it checked.

``node_modules/axe-core`` is installed by ``scripts/install_axe.sh`` (``make test``
runs it). The checks cover the WCAG 2.0, 2.1 and 2.2 level A and AA rules.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
REPORT = ROOT / "test-artifacts" / "axe-report.txt"
_report_started = False


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def require_axe() -> None:
    if not AXE_SCRIPT.exists():
        pytest.skip(
            f"axe-core is not installed ({AXE_SCRIPT.relative_to(ROOT)} is missing): "
            "run scripts/install_axe.sh (make test does)"
        )


@dataclass
class Check:
    url: str
    state: str
    language: str
    passed_rules: int
    violations: list = field(default_factory=list)

    def line(self) -> str:
        verdict = "ok" if not self.violations else f"{len(self.violations)} VIOLATIONS"
        return (
            f"{verdict:<14} {self.language:<3} {self.state:<38} {self.url}  "
            f"({self.passed_rules} rules passed)"
        )


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"      {' '.join(node['target'])}: {node['failureSummary']}")
            lines.append(f"      {node['html'][:200]}")
    return "\n".join(lines)


def check_page(page, state: str, within: str | None = None) -> Check:
    """Run axe on what ``page`` shows now (or on the element ``within`` selects);
    return what it found."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than added as a <script>: the
        # portal's Content-Security-Policy (rightly) refuses inline scripts, and the
        # pages are checked with the policy they really have.
        page.evaluate(_axe_source() + "\n;true")
    results = page.evaluate(
        """async ([tags, within]) => {
            const context = within ? document.querySelector(within) : document;
            const r = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations', 'passes']});
            return {passes: r.passes.length,
                    violations: r.violations.map(v => ({id: v.id, impact: v.impact,
                        help: v.help, nodes: v.nodes.map(n => ({target: n.target,
                        html: n.html, failureSummary: n.failureSummary}))}))};
        }""",
        [WCAG_TAGS, within],
    )
    language = page.evaluate("() => document.documentElement.lang")
    path = page.url.split("//", 1)[-1].split("/", 1)[-1]
    return Check(
        url="/" + path,
        state=state,
        language=language,
        passed_rules=results["passes"],
        violations=results["violations"],
    )


class AxeLog:
    """Collects the checks of one test and prints / saves what was checked."""

    def __init__(self, title: str):
        self.title = title
        self.checks: list[Check] = []

    def check(self, page, state: str, within: str | None = None) -> Check:
        result = check_page(page, state, within)
        self.checks.append(result)
        print(result.line())
        if result.violations:
            print(describe(result.violations))
        return result

    def failures(self) -> str:
        failed = [c for c in self.checks if c.violations]
        return "\n".join(f"{c.line()}\n{describe(c.violations)}" for c in failed)

    def save(self) -> None:
        global _report_started
        REPORT.parent.mkdir(exist_ok=True)
        mode = "a" if _report_started else "w"  # a fresh report for each test run
        _report_started = True
        with REPORT.open(mode, encoding="utf-8") as report:
            report.write(f"\n## {self.title} (axe-core, tags {', '.join(WCAG_TAGS)})\n")
            for check in self.checks:
                report.write(check.line() + "\n")
                if check.violations:
                    report.write(describe(check.violations) + "\n")

    def assert_clean(self) -> None:
        self.save()
        assert self.checks, "no page was checked"
        assert not any(c.violations for c in self.checks), (
            f"axe-core found WCAG 2.2 A/AA violations:\n{self.failures()}"
        )
