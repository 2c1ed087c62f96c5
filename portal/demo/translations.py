"""The home, standard and area pages in every site language, through wagtail-localize.

The texts are in ``portal/demo/strings/`` (see ``localize``); what a language has no
text for stays in English there and shows as still to translate in the admin.
"""

from django.conf import settings

from .localize import translate_tree


def load(context) -> str:
    counts = translate_tree(context.pages["home"])
    languages = len(settings.LANGUAGES) - 1
    return (
        f"{counts['created']} translated pages published, {counts['updated']} brought up to "
        f"date, {counts['unchanged']} already there (home, standard and area pages in "
        f"{languages} languages)"
    )
