"""Polish and Arabic versions of the home, about and area pages; a home page in every language."""

from django.conf import settings

from .areas import PLACES
from .localize import translate
from .pages import HOME_SLUG
from .prose import ar, en, other_languages, pl


def _area_strings(module, place_builder):
    strings = {}
    for place in PLACES:
        title, running_name = module.AREAS[place.slug]
        strings[place.name] = title
        strings[en.area_intro(place.short_name)] = place_builder(running_name)
    return strings


def strings_for(language_code: str) -> dict[str, str]:
    """English text to translated text for one language (only what we have text for)."""
    # Every home page sits directly under the root, so each needs its own slug.
    strings = {HOME_SLUG: f"{HOME_SLUG}-{language_code}"}
    if language_code == "pl":
        strings.update(pl.STRINGS)
        strings.update(_area_strings(pl, pl.area_intro))
    elif language_code == "ar":
        strings.update(ar.STRINGS)
        strings.update(_area_strings(ar, ar.area_intro))
    else:
        strings.update(other_languages.strings_for(language_code))
    return strings


def load(context) -> str:
    created = 0
    fully_translated = ("pl", "ar")
    pages = context.pages
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        locale = context.locales[code]
        strings = strings_for(code)
        _, was_created = translate(pages["home"], locale, strings)
        created += was_created
        if code in fully_translated:
            for page in [pages["about"], *pages["areas"].values()]:
                _, was_created = translate(page, locale, strings)
                created += was_created
    languages = len(settings.LANGUAGES) - 1
    return (
        f"{created} translated pages published (home page in {languages} languages; "
        f"about and area pages in {', '.join(fully_translated)})"
    )
