"""The core public journeys, in English and in Arabic (right to left), in a real browser.

The demo site is loaded once for the module (``live_demo``); each journey uses its
own consultation, draft section or email address, so the tests do not depend on
each other's answers. Selectors are structural (not English labels) so the same
steps drive the Arabic pages.
"""

import html
import re

import pytest
from django.core import mail

from tests.browser.conftest import save_screenshot
from tests.browser.navigation import press
from tests.consultations.factories import option_id, question_id

pytestmark = [pytest.mark.browser]

LANGUAGES = ["en", "ar"]


def submit(page):
    press(page.locator("main form button[type=submit]").first)


def expect_language(page, language):
    html_element = page.locator("html")
    assert html_element.get_attribute("lang") == language
    assert html_element.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")


def link_in_last_email(to: str, marker: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    return next(line.strip() for line in message.body.splitlines() if marker in line)


def on_live_server(live_demo, link: str) -> str:
    """The emailed link, pointed at this test's server (emails use the site's base URL)."""
    return live_demo.url(re.sub(r"^https?://[^/]+", "", link))


def consultation(slug):
    from consultations.models import ConsultationPage

    return ConsultationPage.objects.get(slug=slug, locale__language_code="en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_answers_a_survey_whose_steps_follow_their_answers(live_demo, tab, language):
    from consultations.models import Answer, Response

    page = tab
    young = consultation("young-peoples-health")
    before = set(Response.objects.submitted().values_list("pk", flat=True))
    page.goto(live_demo.url(f"/{language}/consultations/young-peoples-health/"))
    expect_language(page, language)
    press(page.locator("main a[href$='/respond/']").first)
    assert "/respond/step/1/" in page.url

    page.locator("input[type=radio]").nth(0).check()  # 13 to 15
    page.locator("input[type=radio][value=yes]").check()
    submit(page)
    assert "/respond/step/3/" in page.url, "the school-or-work step is only for 19 to 24"

    press(page.locator("a.nhsuk-back-link").first)
    assert "/respond/step/1/" in page.url
    assert page.locator("input[type=radio]").nth(0).is_checked(), "answers are kept"
    page.locator("input[type=radio]").nth(2).check()  # 19 to 24
    submit(page)
    assert "/respond/step/2/" in page.url, "the show-if step appears for 19 to 24"
    expect_language(page, language)
    page.locator("input[type=radio]").nth(3).check()  # Working
    submit(page)
    # Identical answers sent twice are taken as one response, so each language differs.
    page.locator("main textarea").fill(f"More evening clinics near work, please ({language}).")
    submit(page)
    submit(page)  # your details: answering as an individual, no copy
    assert "/respond/check/" in page.url
    assert f"near work, please ({language})." in page.locator("main").inner_text()
    submit(page)
    assert "/respond/done/" in page.url
    reference = page.locator("#reference").inner_text().strip()

    response = Response.objects.submitted().exclude(pk__in=before).get()
    assert response.reference == reference
    assert response.language == language
    assert response.consultation_id == young.pk
    occupation = response.answers.get(question_id=question_id(young, "occupation"))
    assert occupation.option_id == option_id(young, "occupation", "Working")
    assert Answer.objects.filter(response=response, value_text__contains="evening").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_saves_their_answers_and_comes_back_to_them(live_demo, chromium, language):
    from consultations.models import Response

    email = f"later-{language}@example.org"
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_demo.url(f"/{language}/consultations/single-commissioner/respond/step/1/"))
    page.locator("input[type=radio]").nth(1).check()  # Agree
    page.locator("main textarea").fill(
        f"One organisation should still listen locally ({language})."
    )
    press(page.locator("button[name=save_and_return]"))
    page.locator("input[type=email]").fill(email)
    submit(page)
    expect_language(page, language)
    context.close()

    link = link_in_last_email(email, "/resume/")
    assert f"/{language}/" in link, "the link brings the person back in their language"
    other_device = chromium.new_context(viewport={"width": 1024, "height": 900})
    page = other_device.new_page()
    page.goto(on_live_server(live_demo, link))
    expect_language(page, language)
    assert "/respond/step/1/" not in page.url, "back where they stopped, not at the start"
    for _ in range(3):
        if "/respond/check/" in page.url:
            break
        submit(page)  # the optional steps and your details
    assert "/respond/check/" in page.url
    assert f"still listen locally ({language})." in page.locator("main").inner_text()
    submit(page)  # send
    assert "/respond/done/" in page.url
    reference = page.locator("#reference").inner_text().strip()
    other_device.close()
    assert Response.objects.get(reference=reference).status == Response.Status.SUBMITTED


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_comments_on_one_section_of_a_policy_draft(live_demo, tab, language):
    from consultations.models import DraftComment

    page = tab
    page.goto(live_demo.url(f"/{language}/consultations/benign-skin-lesions/"))
    form = page.locator("form[action$='/comment/']")
    sections = form.locator("select option")
    section_value = sections.nth(2).get_attribute("value")
    section_title = sections.nth(2).inner_text().strip()
    form.locator("select").select_option(section_value)
    text = f"Section '{section_title}' should say how long the wait is ({language})."
    form.locator("textarea").fill(text)
    form.locator("input[type=radio]").first.check()
    press(form.locator("button[type=submit]"))

    expect_language(page, language)
    comment = DraftComment.objects.get(text=text)
    assert comment.section_id == section_value
    assert comment.language == language
    assert comment.status == DraftComment.Status.PENDING, "pre-moderated drafts hold comments"
    assert text not in page.locator("main").inner_text(), "not shown before moderation"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_joins_the_citizens_panel_and_confirms_by_email(live_demo, tab, language):
    from citizens_panel.models import Member

    page = tab
    email = f"panel-{language}@example.org"
    page.goto(live_demo.url(f"/{language}/"))
    panel = page.locator("header a[href$='/panel/join/']")
    if not panel.is_visible():  # on a phone the menu folds the last links under "More"
        page.locator("#header-menu-toggle").click()  # opens in place, no navigation
    press(panel)
    expect_language(page, language)
    page.locator("input[name=name]").fill("Amina Yusuf")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=postcode]").fill("HA0 4UZ")
    page.locator("input[name=ways_to_take_part]").first.check()
    page.locator("input[name=consent]").check()
    submit(page)
    assert "/panel/join/check-your-email/" in page.url
    assert Member.objects.get(email=email).status == Member.Status.PENDING

    page.goto(on_live_server(live_demo, link_in_last_email(email, "/panel/confirm/")))
    expect_language(page, language)
    submit(page)  # the link opens a page with a button, so mail scanners confirm nothing
    expect_language(page, language)
    member = Member.objects.get(email=email)
    assert member.status == Member.Status.ACTIVE
    assert member.language == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_person_searches_the_site_and_opens_a_result(live_demo, tab, language):
    page = tab
    from consultations.models import ConsultationPage

    # The consultation's title in this language (the demo translates it into each).
    wanted = ConsultationPage.objects.get(slug="gp-access", locale__language_code=language).title
    page.goto(live_demo.url(f"/{language}/search/"))
    expect_language(page, language)
    page.locator("#search-q").fill(wanted)
    submit(page)
    result = page.locator("main a[href$='/consultations/gp-access/']").first
    title = result.inner_text().strip()
    press(result)
    expect_language(page, language)
    assert page.locator("h1").first.inner_text().strip() == title

    page.goto(live_demo.url(f"/{language}/search/?q=zzqxwvnothing"))
    assert page.locator("#search-q").input_value() == "zzqxwvnothing"
    assert page.locator("main ol a, main ul.portal-search-results a").count() == 0


def _retranslate(page, locale, strings):
    """Translate some strings of ``page`` into ``locale`` and publish, as a translator would."""
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    source, _ = TranslationSource.update_or_create_from_instance(page)
    translation = Translation.objects.get(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
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
    translation.save_target(publish=True)


BENGALI = {
    "How old are you?": "আপনার বয়স কত?",
    "19 to 24": "১৯ থেকে ২৪",
    "Is there anything else you want to tell us?": "আপনি কি আমাদের আর কিছু বলতে চান?",
}


def test_bengali_and_english_answers_count_together_in_the_staff_summary(live_demo, chromium):
    from allauth.account.models import EmailAddress
    from django.db.models import Count
    from wagtail.models import Locale

    from consultations.models import Response
    from tests.consultations.factories import SuperuserFactory

    young = consultation("young-peoples-health")
    _retranslate(young, Locale.objects.get(language_code="bn"), BENGALI)
    answers = {"bn": "স্কুলের পরে ক্লিনিক খোলা থাকুক", "en": "Keep clinics open after school"}

    for language in ("bn", "en"):
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(live_demo.url(f"/{language}/consultations/young-peoples-health/respond/"))
        if language == "bn":
            assert page.get_by_text("আপনার বয়স কত?").is_visible()
            page.get_by_label("১৯ থেকে ২৪").check()
        else:
            page.get_by_label("19 to 24").check()
        page.locator("input[type=radio][value=no]").check()
        submit(page)
        page.locator("input[type=radio]").first.check()
        submit(page)
        page.locator("main textarea").fill(answers[language])
        submit(page)
        submit(page)
        submit(page)
        assert "/respond/done/" in page.url
        if language == "bn":
            save_screenshot(page, "bn-confirmation-phone")
        context.close()

    staff = SuperuserFactory(email="lead@example.nhs.uk")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_demo.url("/en/accounts/login/"))
    page.locator("input[name=login]").fill(staff.email)
    page.locator("input[name=password]").fill("correct horse battery staple")
    submit(page)
    page.goto(live_demo.url(f"/admin/consultation-results/{young.pk}/"))
    summary = page.locator("main").inner_text()
    save_screenshot(page, "en-staff-summary-desktop")
    context.close()

    total = Response.objects.submitted().filter(consultation=young).count()
    by_language = dict(
        Response.objects.submitted()
        .filter(consultation=young)
        .values_list("language")
        .annotate(n=Count("pk"))
    )
    assert by_language["bn"] >= 1 and by_language["en"] >= 1
    assert "How old are you?" in summary
    assert f"Answered by {total} of {total}. Reference: age-group." in summary
    assert re.search(rf"Bengali\s+{by_language['bn']}\s", summary), "Bengali counted by language"
    assert re.search(rf"19 to 24\s+{total}\s", summary), "both answers under one option"
    for text in answers.values():
        assert text in summary, f"{text!r} is not in the staff summary"
