"""Staff translate a consultation and its survey through wagtail-localize.

The admin's own views are used (submit for translation, the translation editor,
machine translation, sync after the English changes), with the Django test client
as a signed-in editor. Strings are translated the way the editor saves them.
"""

import html

import pytest
from django.urls import reverse
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from consultations.models import ConsultationPage

pytestmark = pytest.mark.django_db

POLISH = {
    "How do you usually travel to hospital?": "Jak zwykle dojeżdżasz do szpitala?",
    "Bus": "Autobusem",
    "Car": "Samochodem",
    "Walking": "Pieszo",
}
HINT = "Think about your last three visits."


@pytest.fixture
def editor_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def english(consultation):
    """The English consultation, with help text on its first question."""
    raw = list(consultation.survey.raw_data)
    raw[0]["value"]["questions"][0]["value"]["hint"] = HINT
    consultation.survey = raw
    consultation.save_revision().publish()
    consultation.refresh_from_db()
    return consultation


def question_by_reference(page, reference):
    return page.survey_definition.question_by_reference(reference)


def submit_for_translation(client, page, locale):
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk], "include_subtree": ""},
    )
    assert response.status_code == 302, response.content[:500]
    return page.get_translation(locale)


def strings_of(translation):
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    return {html.unescape(segment.string.data): segment for segment in segments}


def translate_strings(translation, texts, user):
    """What the editor's "save" does for each string a translator types."""
    strings = strings_of(translation)
    for english_text, translated in texts.items():
        segment = strings[english_text]
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={
                "data": html.escape(translated, quote=False),
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
            },
        )


def test_question_options_and_help_text_are_offered_for_translation(
    editor_client, english, locales
):
    polish_page = submit_for_translation(editor_client, english, locales["pl"])
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=locales["pl"]
    )
    strings = strings_of(translation)
    for text in [*POLISH, HINT, "Which of these matter most to you?", "Shorter waits"]:
        assert text in strings, f"{text!r} is not offered for translation"
    # Question references and block ids are not text to translate.
    assert "travel" not in strings

    total, done = translation.get_progress()
    assert done == 0 and total >= len(strings)
    editor = editor_client.get(reverse("wagtailadmin_pages:edit", args=[polish_page.pk]))
    assert editor.status_code == 200
    assert b"wagtail-localize" in editor.content or b"translation" in editor.content.lower()


def test_a_published_translation_keeps_question_and_option_ids(
    editor_client, english, locales, superuser
):
    submit_for_translation(editor_client, english, locales["pl"])
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=locales["pl"]
    )
    translate_strings(
        translation, {**POLISH, HINT: "Pomyśl o trzech ostatnich wizytach."}, superuser
    )
    total, done = translation.get_progress()
    assert done == len(POLISH) + 1 and done < total, "the rest still shows as untranslated"

    translation.save_target(user=superuser, publish=True)
    polish = ConsultationPage.objects.get(pk=english.get_translation(locales["pl"]).pk)
    english_travel = question_by_reference(english, "travel")
    polish_travel = question_by_reference(polish, "travel")
    assert polish_travel.id == english_travel.id
    assert polish_travel.text == POLISH["How do you usually travel to hospital?"]
    assert polish_travel.value["hint"] == "Pomyśl o trzech ostatnich wizytach."
    assert [o.id for o in polish_travel.options] == [o.id for o in english_travel.options]
    assert [o.label for o in polish_travel.options] == ["Autobusem", "Samochodem", "Pieszo"]
    # Untranslated strings fall back to the English until someone translates them.
    assert question_by_reference(polish, "priorities").text == "Which of these matter most to you?"


def test_sync_after_the_english_changes_keeps_what_was_translated(
    editor_client, english, locales, superuser
):
    submit_for_translation(editor_client, english, locales["pl"])
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=locales["pl"]
    )
    translate_strings(translation, POLISH, superuser)
    translation.save_target(user=superuser, publish=True)

    raw = list(english.survey.raw_data)
    travel = raw[0]["value"]["questions"][0]["value"]
    travel["options"].append({"type": "item", "value": "Cycling", "id": "opt-cycling"})
    english.survey = raw
    english.save_revision().publish()

    source = TranslationSource.objects.get(object_id=english.translation_key)
    page = editor_client.get(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert page.status_code == 200
    synced = editor_client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
    )
    assert synced.status_code == 302

    translation.refresh_from_db()
    assert "Cycling" in strings_of(translation), "the new option is offered for translation"
    polish = ConsultationPage.objects.get(pk=english.get_translation(locales["pl"]).pk)
    labels = [o.label for o in question_by_reference(polish, "travel").options]
    assert labels == ["Autobusem", "Samochodem", "Pieszo", "Cycling"]


def test_machine_translation_fills_gaps_but_publishing_is_left_to_a_person(
    editor_client, english, locales, superuser, settings
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
    }
    polish_page = submit_for_translation(editor_client, english, locales["pl"])
    live_title = ConsultationPage.objects.get(pk=polish_page.pk).title
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=locales["pl"]
    )
    translate_strings(translation, {"Bus": "Autobusem"}, superuser)
    response = editor_client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": reverse("wagtailadmin_pages:edit", args=[polish_page.pk])},
    )
    assert response.status_code == 302

    machine = StringTranslation.objects.filter(
        locale=locales["pl"], translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
    )
    assert machine.exists()
    assert not machine.filter(translation_of__data="Bus").exists(), "a person's text is kept"
    assert (
        StringTranslation.objects.get(
            locale=locales["pl"], translation_of__data="Bus"
        ).translation_type
        == StringTranslation.TRANSLATION_TYPE_MANUAL
    )
    # Nothing is published until a person reviews and publishes the translation.
    assert ConsultationPage.objects.get(pk=polish_page.pk).title == live_title
    travel = question_by_reference(ConsultationPage.objects.get(pk=polish_page.pk), "travel")
    assert travel.text == "How do you usually travel to hospital?"
