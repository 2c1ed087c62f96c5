"""Let other apps add their own demo content after the portal's.

An app takes part by having a ``demo`` module with ``load_demo(stdout)``. The
module is optional: an app without one is skipped.
"""

import importlib
import importlib.util

DEMO_MODULES = [
    "consultations.demo",
    "citizens_panel.demo",
    "events.demo",
    "themes.demo",
    "reports.demo",
    "privacy.demo",
    "portal.demo.complete",  # every page the others added, in every language
    "search.demo",  # last: indexes what the others added
]


def _find(module_name: str) -> bool:
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:  # the app itself is missing
        return False


def load(context) -> None:
    for module_name in DEMO_MODULES:
        if not _find(module_name):
            context.say(f"{module_name}: not written yet, skipped")
            continue
        module = importlib.import_module(module_name)
        load_demo = getattr(module, "load_demo", None)
        if load_demo is None:
            context.say(f"{module_name}: has no load_demo(stdout), skipped", style="WARNING")
            continue
        context.say(f"{module_name}: loading...")
        load_demo(context.stdout)
