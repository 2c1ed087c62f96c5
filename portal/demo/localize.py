"""Translate demo pages and snippets through wagtail-localize's own records.

The result is what a translator working in the admin would leave behind: a
``TranslationSource`` for the English object, a ``Translation`` into the target
locale, a ``StringTranslation`` for each string we have text for, and the
translated object saved from them. Strings we have no text for fall back to the
English, and show as still to translate in the admin.

The texts are in ``portal/demo/strings/<language>.json``, keyed by the English
source string. The project wrote them; no native speaker has reviewed them. Each
is stored as a machine translation (wagtail-localize's ``translation_type``
"machine") with ``MACHINE_TOOL`` as the tool's name, which the translation editor
shows beside every string ("Translated with ..."), and the page editor warns
while any remain (``portal/wagtail_hooks.py``). A string a translator edits in
the admin becomes a manual translation and is never overwritten by the demo.
"""

import html
import json
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from .pages import HOME_SLUG

STRINGS_DIR = Path(__file__).parent / "strings"
MACHINE_TOOL = "the project's demo translations (not reviewed by a native speaker)"


@cache
def _data(language_code: str) -> dict[str, str]:
    path = STRINGS_DIR / f"{language_code}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def strings_for(language_code: str) -> dict[str, str]:
    """English text to translated text for one language (only what we have text for)."""
    # Every home page sits directly under the root, so each needs its own slug.
    return {**_data(language_code), HOME_SLUG: f"{HOME_SLUG}-{language_code}"}


def is_demo_translation(string_translation) -> bool:
    return (
        string_translation.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
        and string_translation.tool_name == MACHINE_TOOL
    )


def source_for(instance):
    """The instance's ``TranslationSource``, re-read only when the instance changed since."""
    source, created = TranslationSource.get_or_create_from_instance(instance)
    changed_at = getattr(instance, "latest_revision_created_at", None)
    if not created and changed_at and changed_at > source.last_updated_at:
        source, _ = TranslationSource.update_or_create_from_instance(instance)
    return source


def _fill(source, locale, strings: dict[str, str]) -> int:
    """Add a machine translation for every segment that has none yet and that we have
    text for; leave what is there (a translator's work) alone. Returns how many."""
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    done = set(
        StringTranslation.objects.filter(
            locale=locale, translation_of__in=[s.string_id for s in segments]
        ).values_list("translation_of_id", "context_id")
    )
    new = []
    for segment in segments:
        if (segment.string_id, segment.context_id) in done:
            continue
        data = segment.string.data
        text = strings.get(html.unescape(data))
        if not text:
            continue
        new.append(
            StringTranslation(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                # Rich text segments keep their inline tags; plain ones are escaped.
                data=text if "<" in data else html.escape(text, quote=False),
                translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
                tool_name=MACHINE_TOOL,
            )
        )
        done.add((segment.string_id, segment.context_id))
    # In one go: saving the translated object afterwards sets its (draft) title.
    StringTranslation.objects.bulk_create(new)
    return len(new)


def _save(translation, instance, locale):
    if isinstance(instance, Page):
        # Save a draft and publish it here, rather than through wagtail-localize's
        # on-commit hook, so the page is live as soon as this returns.
        translation.save_target(publish=False)
        translated = instance.get_translation(locale)
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
        return translated
    translation.save_target()
    return instance.get_translation(locale)


def translate_status(instance, locale, strings: dict[str, str], source=None):
    """Return ``(translated_instance, status)``, status "created", "updated" or "unchanged".

    A translation the demo made earlier gets the strings added to the data since;
    one made another way, or taken out of sync by a translator, is left as it is.
    """
    existing = instance.get_translation_or_none(locale)
    if existing is not None:
        translation = Translation.objects.filter(
            source__object_id=instance.translation_key, target_locale=locale, enabled=True
        ).first()
        if translation is None:
            return existing, "unchanged"
        if not _fill(translation.source, locale, strings):
            return existing, "unchanged"
        return _save(translation, instance, locale), "updated"

    source = source or source_for(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    _fill(source, locale, strings)
    return _save(translation, instance, locale), "created"


def translate(instance, locale, strings: dict[str, str]):
    """Return ``(translated_instance, created)``. Pages are published."""
    translated, status = translate_status(instance, locale, strings)
    return translated, status == "created"


@contextmanager
def _index_once():
    """Skip the search and reference index updates on each save; do each page once after."""
    from modelsearch import index
    from modelsearch.backends import get_search_backends
    from modelsearch.signal_handlers import post_save_signal_handler

    touched: list = []
    disconnected = [
        model
        for model in index.get_indexed_models()
        if post_save.disconnect(post_save_signal_handler, sender=model)
    ]
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)
    by_model: dict = {}
    for page in touched:
        ReferenceIndex.create_or_update_for_object(page)
        by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, pages in by_model.items():
            if index.class_is_indexed(model):
                backend.add_bulk(model, pages)


def translate_tree(root, language_codes=None) -> dict[str, int]:
    """Translate ``root`` and every live page under it into each site language.

    A page is translated into a language only where its parent already is. Returns
    counts of translations created, updated and already complete.
    """
    root = root.specific
    english = root.locale
    pages = [root, *root.get_descendants().filter(locale=english).live().specific()]
    locales = Locale.objects.exclude(pk=english.pk)
    if language_codes is not None:
        locales = locales.filter(language_code__in=language_codes)
    locales = list(locales)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    strings = {locale.pk: strings_for(locale.language_code) for locale in locales}
    # Translation keys that exist in each locale (the parent test below).
    present = {
        locale.pk: set(Page.objects.filter(locale=locale).values_list("translation_key", flat=True))
        for locale in locales
    }
    with transaction.atomic(), _index_once() as touched:
        for page in pages:
            parent = page.get_parent()
            source = None
            for locale in locales:
                if not parent.is_root() and parent.translation_key not in present[locale.pk]:
                    continue
                if source is None and page.translation_key not in present[locale.pk]:
                    source = source_for(page)
                translated, status = translate_status(
                    page, locale, strings[locale.pk], source=source
                )
                counts[status] += 1
                present[locale.pk].add(page.translation_key)
                if status != "unchanged":
                    touched.append(translated.specific)
    return counts


# Segments that are not prose: a page's slug stays as it is in every language.
UNTRANSLATED_PATHS = {"slug"}


def coverage(root=None) -> dict[str, dict]:
    """For each language, how many of the English strings on the demo's pages (under
    ``root``, the default site's home page if not given) the data has a translation
    for, and which are missing."""
    from django.conf import settings
    from wagtail.models import Site

    if root is None:
        root = Site.objects.get(is_default_site=True).root_page
    pages = root.get_descendants(inclusive=True).filter(locale=root.locale).live()
    keys = pages.values_list("translation_key", flat=True)
    texts = set()
    for data, path in StringSegment.objects.filter(source__object_id__in=keys).values_list(
        "string__data", "context__path"
    ):
        if path not in UNTRANSLATED_PATHS:
            texts.add(html.unescape(data))
    result = {}
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        strings = _data(code)
        missing = sorted(text for text in texts if not strings.get(text))
        done = len(texts) - len(missing)
        result[code] = {
            "total": len(texts),
            "translated": done,
            "percent": round(100 * done / len(texts)) if texts else 100,
            "missing": missing,
        }
    return result


def unreviewed_strings(page) -> int:
    """How many of this translated page's strings are still the demo's own text."""
    if page.locale_id == Locale.get_default().pk:
        return 0
    return StringTranslation.objects.filter(
        locale_id=page.locale_id,
        context__object_id=page.translation_key,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        tool_name=MACHINE_TOOL,
    ).count()
