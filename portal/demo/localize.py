"""Translate demo pages and snippets through wagtail-localize's own records.

The result is what a translator working in the admin would leave behind: a
``TranslationSource`` for the English object, a ``Translation`` into the target
locale, a ``StringTranslation`` for each string we have text for, and the
translated object saved from them. Strings we have no text for fall back to the
English, and show as still to translate in the admin.
"""

import html

from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translate(instance, locale, strings: dict[str, str]):
    """Return ``(translated_instance, created)``; an existing translation is left as it is.

    ``strings`` maps English source text to its translation. Pages are published.
    """
    existing = instance.get_translation_or_none(locale)
    if existing is not None:
        return existing, False

    source, _ = TranslationSource.update_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)

    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = strings.get(html.unescape(segment.string.data))
        if text:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": html.escape(text, quote=False),
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )

    if isinstance(instance, Page):
        # Save a draft and publish it here, rather than through wagtail-localize's
        # on-commit hook, so the page is live as soon as this returns.
        translation.save_target(publish=False)
        translated = instance.get_translation(locale)
        translated.get_latest_revision().publish()
        translated.refresh_from_db()
        return translated, True

    translation.save_target()
    return instance.get_translation(locale), True
