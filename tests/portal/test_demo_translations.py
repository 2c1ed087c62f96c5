"""The demo in every site language: every page, survey and event translated through
wagtail-localize from ``portal/demo/strings/``, marked as not reviewed by a native
speaker, and the same again when ``load_demo_content`` runs a second time."""

import html
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringTranslation

from consultations.models import ConsultationIndexPage, ConsultationPage, FeedbackPage
from events.models import EventIndexPage, EventPage
from portal.demo.localize import MACHINE_TOOL, coverage, translate_tree

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def english_pages():
    home = Site.objects.get(is_default_site=True).root_page
    return list(
        Page.objects.descendant_of(home, inclusive=True)
        .filter(locale__language_code="en")
        .live()
        .specific()
    )


def open_surveys():
    pages = [
        *ConsultationPage.objects.filter(locale__language_code="en").live(),
        *FeedbackPage.objects.filter(locale__language_code="en").live(),
    ]
    return [page for page in pages if page.is_open]


def step_one_texts(page) -> set[str]:
    """What a respondent reads on step 1: its title, questions, hints, options and the
    rating scale's end labels."""
    step = page.survey_definition.step(0)
    texts = {step.title}
    for question in step.questions:
        value = question.value
        texts.update([question.text, value.get("hint", "")])
        texts.update([value.get("low_label", ""), value.get("high_label", "")])
        texts.update(option.label for option in question.options)
    return {text for text in texts if text}


def visible_text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_demo_page_has_a_live_translation_in_every_language(demo_site, language):
    locale = Locale.objects.get(language_code=language)
    pages = english_pages()
    missing = [
        page.url_path
        for page in pages
        if not Page.objects.filter(
            translation_key=page.translation_key, locale=locale, live=True
        ).exists()
    ]
    assert len(pages) > 30
    assert missing == [], f"no live {language} translation of {missing}"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_demo_consultation_and_event_answers_in_every_language(client, demo_site, language):
    locale = Locale.objects.get(language_code=language)
    models = (ConsultationIndexPage, ConsultationPage, FeedbackPage, EventIndexPage, EventPage)
    pages = [page for page in english_pages() if isinstance(page, models)]
    assert len(pages) >= 12
    for page in pages:
        translated = page.get_translation(locale)
        assert translated.url.startswith(f"/{language}/")
        assert client.get(translated.url).status_code == 200, translated.url


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_step_one_of_every_open_demo_survey_shows_no_english_question_text(
    client, demo_site, language
):
    locale = Locale.objects.get(language_code=language)
    surveys = open_surveys()
    assert len(surveys) >= 3
    for page in surveys:
        texts = step_one_texts(page)
        english = visible_text(client.get(page.url + "respond/step/1/"))
        for text in texts:
            assert text in english, f"the English page itself lacks {text!r}"
        translated = page.get_translation(locale)
        response = client.get(translated.url + "respond/step/1/")
        assert response.status_code == 200
        shown = visible_text(response)
        still_english = [text for text in texts if text in shown]
        assert still_english == [], f"{translated.url} step 1 in English: {still_english}"


def test_how_complete_each_language_is(demo_site, capsys):
    """Every string on the demo's surveys, consultations and events is translated in
    every language; the rest (venue names, addresses, prose added since) may fall back
    to English. The table is printed with ``-s``."""
    complete = coverage()
    surveys = set()
    for page in english_pages():
        if isinstance(page, (ConsultationPage, FeedbackPage)):
            for step in page.survey_definition.steps:
                surveys.add(step.title)
                for question in step.questions:
                    surveys.update([question.text, question.value.get("hint", "")])
                    surveys.update(option.label for option in question.options)
    surveys.discard("")
    table = [
        f"{code}: {result['translated']}/{result['total']} ({result['percent']}%)"
        for code, result in complete.items()
    ]
    with capsys.disabled():
        print("\nDemo text translated per language:\n  " + "\n  ".join(table))
    assert set(complete) == set(OTHER_LANGUAGES)
    for code, result in complete.items():
        untranslated_survey_text = surveys & set(result["missing"])
        assert not untranslated_survey_text, f"{code}: {sorted(untranslated_survey_text)}"
        assert result["percent"] >= 50, f"{code}: {table}"


def test_a_string_missing_from_the_data_stays_in_english_on_the_page(client, demo_site):
    carers = EventPage.objects.get(slug="carers-focus-group", locale__language_code="en")
    arabic = carers.get_translation(Locale.objects.get(language_code="ar"))
    page = client.get(arabic.url).content.decode()
    assert "مجموعة تركيز: مقدمو الرعاية غير المأجورين" in page
    assert "Harrow Carers Centre" in page  # a venue's name has no Arabic in the data


def test_demo_translations_are_marked_as_machine_made_in_the_admin(admin_client, demo_site):
    merger = ConsultationPage.objects.get(slug="single-commissioner", locale__language_code="en")
    arabic = merger.get_translation(Locale.objects.get(language_code="ar"))
    made = StringTranslation.objects.filter(
        locale=arabic.locale, context__object_id=merger.translation_key
    )
    assert made.count() > 10
    assert set(made.values_list("translation_type", "tool_name")) == {
        (StringTranslation.TRANSLATION_TYPE_MACHINE, MACHINE_TOOL)
    }

    editor = admin_client.get(f"/admin/pages/{arabic.pk}/edit/").content.decode()
    assert "not yet reviewed by a native speaker" in editor
    assert "Translated with the project" in html.unescape(editor)  # beside each string

    english_editor = admin_client.get(f"/admin/pages/{merger.pk}/edit/").content.decode()
    assert "not yet reviewed by a native speaker" not in english_editor


def test_a_translators_change_survives_the_demo_running_again(client, demo_site):
    merger = ConsultationPage.objects.get(slug="single-commissioner", locale__language_code="en")
    polish = Locale.objects.get(language_code="pl")
    title = StringTranslation.objects.get(
        locale=polish, context__object_id=merger.translation_key, context__path="title"
    )
    title.data = "Jedna organizacja dla północno-zachodniego Londynu"
    title.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
    title.tool_name = ""
    title.save()
    pages_before = Page.objects.count()

    call_command("load_demo_content", stdout=StringIO())

    title.refresh_from_db()
    assert title.data == "Jedna organizacja dla północno-zachodniego Londynu"
    assert Page.objects.count() == pages_before


def test_a_string_added_to_the_data_later_is_filled_in_on_the_next_run(client, demo_site):
    feedback = FeedbackPage.objects.get(locale__language_code="en")
    somali = Locale.objects.get(language_code="so")
    strings = StringTranslation.objects.filter(
        locale=somali,
        context__object_id=feedback.translation_key,
        translation_of__data="Which service is your feedback about?",
    )
    strings.delete()  # as if the data had no Somali for it when the page was made

    counts = translate_tree(feedback)

    assert counts["updated"] == 1
    assert strings.get().tool_name == MACHINE_TOOL
    url = feedback.get_translation(somali).url + "respond/step/1/"
    shown = visible_text(client.get(url))
    assert "Fikirkaagu waa adeeggee?" in shown
    assert "Which service is your feedback about?" not in shown
