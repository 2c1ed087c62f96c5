"""Last translation pass of the demo: every page the apps added, in every site language.

Each app's demo translates its own pages; this catches pages added without doing so
(and strings added to ``portal/demo/strings/`` since an earlier run), then prints how
much of the demo's English text each language has a translation for.
"""

from django.conf import settings
from wagtail.models import Site

from .localize import coverage, translate_tree


def load_demo(stdout) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        stdout.write("      no default site: run the portal demo steps first")
        return
    counts = translate_tree(site.root_page)
    complete = coverage()
    stdout.write(
        f"      translations: {counts['created']} pages published, {counts['updated']} brought "
        f"up to date, {counts['unchanged']} already complete"
    )
    stdout.write(
        "      demo text translated: "
        + ", ".join(
            f"{code} {complete[code]['percent']}%"
            for code, _name in settings.LANGUAGES
            if code in complete
        )
    )
