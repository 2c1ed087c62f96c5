"""Every interface string the portal shows has a translation in every site language,
and the compiled catalogue the site reads matches the one translators edit."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_interface_string_is_translated(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{language}: {len(missing)} untranslated, first {missing[:3]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} marked fuzzy, first {fuzzy[:3]}"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_string_is_stuck_behind_an_escape_sequence(language):
    """xgettext keeps "\\u201c" as six characters, so such a source string can never
    match its translation: source strings use the characters themselves."""
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    escaped = [entry.msgid for entry in catalogue if "\\u" in entry.msgid]
    assert not escaped


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_compiled_catalogue_matches_the_edited_one(language):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    edited = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.pofile(str(folder / "django.po")).translated_entries()
    }
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(folder / "django.mo"))
        if e.msgid
    }
    assert compiled == edited, "run scripts/i18n.sh (or compilemessages) and commit the .mo"
