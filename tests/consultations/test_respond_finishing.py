"""Finishing a response: what the person sees on the last steps and after sending.

Driven as a browser without JavaScript would (the browser tests in
tests/browser/test_respond_finishing.py cover the same with a real browser).
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from consultations.models import Answer, Response, ResponseContact
from tests.consultations.factories import option_id, question_id
from tests.consultations.test_respond import (
    answer_step_one,
    answer_step_two,
    complete_journey,
    details,
    url,
)

pytestmark = pytest.mark.django_db


# --- 1. rating end labels -------------------------------------------------------
def test_a_rating_question_shows_the_meaning_of_its_lowest_and_highest_scores(client, consultation):
    answer_step_one(client, consultation)
    answer_step_two(client, consultation, used_walk_in="yes")
    html = client.get(url(consultation, "respond/step/3/")).content.decode()
    assert "1 – Very poor" in html
    assert "5 – Very good" in html
    for middle in ("2", "3", "4"):
        assert f'dir="auto">{middle}</label>' in html


# --- 2. line breaks count once ----------------------------------------------------
def test_a_line_break_counts_as_one_character_as_the_counter_says(client, consultation):
    why = f"q_{question_id(consultation, 'why')}"
    # 500 characters as the textarea counts them; 502 as the browser sends them.
    text = "\r\n".join(["x" * 166] * 3)
    assert len(text.replace("\r\n", "\n")) == 500
    accepted = answer_step_one(client, consultation, **{why: text})
    assert accepted.status_code == 302
    stored = Answer.objects.get(question_id=question_id(consultation, "why"))
    assert stored.value_text == text.replace("\r\n", "\n")

    refused = answer_step_one(client, consultation, **{why: text + "x"})
    assert refused.status_code == 200
    assert "Your answer to question 4 must be 500 characters or fewer" in (refused.content.decode())


# --- 3. save a half-done step -----------------------------------------------------
def test_save_and_come_back_later_keeps_a_half_done_step_without_demanding_answers(
    client, consultation
):
    travel = f"q_{question_id(consultation, 'travel')}"
    bus = option_id(consultation, "travel", "Bus")
    saved = client.post(url(consultation, "respond/step/1/"), {travel: bus, "save_and_return": "1"})
    assert saved.status_code == 302
    assert saved["Location"].endswith("respond/save/")
    response = Response.objects.get()
    assert response.status == Response.Status.DRAFT
    assert Answer.objects.get(response=response).option_id == bus

    again = client.get(url(consultation, "respond/step/1/")).content.decode()
    assert f'value="{bus}" checked' in again

    # Continuing still asks for every required answer.
    onward = client.post(url(consultation, "respond/step/1/"), {travel: bus})
    assert onward.status_code == 200
    assert "Select at least one answer to question 2" in onward.content.decode()


def test_save_and_come_back_later_still_refuses_an_answer_that_is_not_valid(client, consultation):
    answer_step_one(client, consultation)
    refused = client.post(
        url(consultation, "respond/step/2/"),
        {f"q_{question_id(consultation, 'postcode')}": "NOT A POSTCODE", "save_and_return": "1"},
    )
    assert refused.status_code == 200
    assert "Enter a real postcode, like SW1A 1AA" in refused.content.decode()


def test_saving_your_details_half_done_does_not_demand_the_organisation_name(client, consultation):
    answer_step_one(client, consultation)
    answer_step_two(client, consultation)
    saved = details(client, consultation, respondent_type="organisation", save_and_return="1")
    assert saved.status_code == 302
    assert saved["Location"].endswith("respond/save/")
    assert Response.objects.get().respondent_type == "organisation"

    onward = details(client, consultation, respondent_type="organisation")
    assert onward.status_code == 200
    assert "Enter the name of the organisation" in onward.content.decode()


# --- 4. check your answers lists everything -----------------------------------------
def test_check_your_answers_lists_about_you_name_postcode_and_email_choices(client, consultation):
    answer_step_one(client, consultation)
    answer_step_two(client, consultation)
    details(
        client,
        consultation,
        name="Sam Patel",
        email="sam@example.org",
        postcode="HA1 1AA",
        wants_updates="on",
    )
    html = client.get(url(consultation, "respond/check/")).content.decode()
    for shown in (
        "What is your age?",
        "35 to 44",
        "Sam Patel",
        "sam@example.org",
        "HA1 1AA",
        "Email me a copy of my answers",
        "Email me when the outcome is published",
        "Tell us why you think this.",
        "Because the buses are slow.",
    ):
        assert shown in html, shown
    # Every row can be changed: the "About you" answers on their step.
    assert (
        'respond/step/2/?return=check">Change<span class="nhsuk-u-visually-hidden"> '
        "What is your age?</span>" in html
    )
    assert "What is your sex?" not in html  # only the answers given, not nine blanks
    assert '>Change<span class="nhsuk-u-visually-hidden"> Your postcode</span>' in html


# --- 5. a copy of your answers ------------------------------------------------------
def test_someone_without_an_email_can_print_and_download_their_answers(client, consultation):
    complete_journey(client, consultation, name="Sam Patel")
    done = client.get(url(consultation, "respond/done/")).content.decode()
    assert f'href="{url(consultation)}respond/your-answers/"' in done

    copy = client.get(url(consultation, "respond/your-answers/"))
    html = copy.content.decode()
    reference = Response.objects.get().reference
    assert copy.status_code == 200
    assert reference in html
    assert "Because the buses are slow." in html
    assert "Sam Patel" in html
    assert 'id="print-answers" hidden' in html  # shown by JavaScript only

    download = client.get(url(consultation, "respond/your-answers/text/"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/plain")
    assert f"your-answers-{reference}.txt" in download["Content-Disposition"]
    text = download.content.decode()
    assert reference in text and "Because the buses are slow." in text
    assert "&#x27;" not in text and "<" not in text


def test_nobody_else_can_open_the_copy_of_your_answers(client, consultation):
    complete_journey(client, consultation, name="Sam Patel")
    stranger = Client()
    for route in ("respond/your-answers/", "respond/your-answers/text/"):
        refused = stranger.get(url(consultation, route))
        assert refused.status_code == 302
        assert "Sam Patel" not in refused.content.decode()
        # Nor by guessing: there is no address that names a response.
        reference = Response.objects.get().reference
        assert stranger.get(url(consultation, f"{route}{reference}/")).status_code == 404


# --- 6. emailed links use the address the person used -------------------------------
@pytest.fixture
def other_host(settings):
    settings.ALLOWED_HOSTS = ["consult.example.org", "testserver", "localhost"]
    return {"HTTP_HOST": "consult.example.org:8443"}


def test_the_emailed_resume_link_uses_the_host_and_port_the_person_used(
    client, consultation, other_host, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", 8000  # a stale record, as in the demo
    site.save()
    answer_step_one(client, consultation)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            url(consultation, "respond/save/"), {"email": "sam@example.org"}, **other_host
        )
    assert sent.status_code == 200
    body = mail.outbox[-1].body
    assert f"http://consult.example.org:8443{url(consultation)}resume/" in body
    assert "127.0.0.1:8000" not in body


def test_the_emailed_copy_uses_the_host_and_port_the_person_used(
    client, consultation, other_host, django_capture_on_commit_callbacks
):
    answer_step_one(client, consultation)
    answer_step_two(client, consultation)
    details(client, consultation, email="sam@example.org", wants_copy="on")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(consultation, "respond/check/"), **other_host)
    body = mail.outbox[-1].body
    assert f"http://consult.example.org:8443{url(consultation)}resume/" in body


def test_a_copy_sent_later_by_the_sweeper_uses_the_configured_base_url(
    client, consultation, settings
):
    from consultations.tasks import send_response_copy

    settings.WAGTAILADMIN_BASE_URL = "https://engage.example.nhs.uk/"
    complete_journey(client, consultation)
    response = Response.objects.get()
    ResponseContact.objects.update_or_create(
        response=response,
        defaults={"email": "sam@example.org", "wants_copy": True, "copy_sent_at": None},
    )
    mail.outbox.clear()
    send_response_copy.delay(response.pk)
    assert f"https://engage.example.nhs.uk{url(consultation)}resume/" in mail.outbox[-1].body


# --- 7. a lost session ---------------------------------------------------------------
def test_a_form_sent_after_the_session_was_lost_gets_a_page_saying_what_to_do(consultation):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url(consultation, "respond/step/1/"))
    assert page.status_code == 200
    browser.cookies.clear()  # the session and its security token are gone
    refused = browser.post(url(consultation, "respond/step/1/"), {"q_x": "typed"})
    html = refused.content.decode()
    assert refused.status_code == 403
    assert "CSRF verification failed" not in html
    assert "Sorry, we could not accept that form" in html
    assert f'href="{url(consultation, "respond/step/1/")}" id="retry-link"' in html
    assert 'class="nhsuk-header' in html  # the site's own layout


def test_the_lost_session_page_is_in_the_site_language(consultation, polish_consultation):
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(url(polish_consultation, "respond/step/1/"), {"q_x": "typed"})
    assert refused.status_code == 403
    assert '<html lang="pl"' in refused.content.decode()


def test_the_lost_session_page_says_earlier_answers_are_kept(consultation):
    browser = Client(enforce_csrf_checks=True)
    form = browser.get(url(consultation, "respond/step/1/")).content.decode()
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    travel = f"q_{question_id(consultation, 'travel')}"
    browser.post(
        url(consultation, "respond/step/1/"),
        {
            "csrfmiddlewaretoken": token,
            travel: option_id(consultation, "travel", "Bus"),
            "save_and_return": "1",
        },
    )
    assert Response.objects.count() == 1
    refused = browser.post(url(consultation, "respond/step/2/"), {"csrfmiddlewaretoken": "bad"})
    assert refused.status_code == 403
    assert "Answers you saved on earlier pages are kept." in refused.content.decode()


# --- 8. short errors -------------------------------------------------------------------
def test_errors_name_the_question_by_its_number_instead_of_quoting_it(client, consultation):
    refused = client.post(url(consultation, "respond/step/1/"), {})
    html = refused.content.decode()
    assert "Select an answer to question 1" in html
    assert "Select how much you agree, in question 3" in html
    assert html.count("How do you usually travel to hospital?") == 1  # its legend only
    assert "Question 1" in html and "Question 4" in html  # the numbers are on the page
    # Summary and inline say the same.
    assert html.count("Select an answer to question 1") == 2


# --- 9. organisation name, postcode once --------------------------------------------
def test_the_organisation_name_is_not_marked_optional(client, consultation):
    answer_step_one(client, consultation)
    answer_step_two(client, consultation)
    html = client.get(url(consultation, "respond/your-details/")).content.decode()
    label = html.split('for="id_organisation_name"', 1)[1].split("</label>", 1)[0]
    assert "optional" not in label
    role = html.split('for="id_organisation_role"', 1)[1].split("</label>", 1)[0]
    assert "optional" in role
    # It sits under the "organisation" choice, which reveals it.
    assert 'data-show-if-value="organisation"' in html
    assert html.index('id="organisation-details"') < html.index('id="id_organisation_name"')


def test_the_demo_surveys_ask_for_the_postcode_once_in_about_your_response():
    from consultations.demo import surveys

    for build in (
        surveys.single_commissioner_survey,
        surveys.young_people_survey,
        surveys.gp_access_survey,
        surveys.feedback_survey,
    ):
        kinds = [q["type"] for step in build() for q in step["value"]["questions"]]
        assert "postcode" not in kinds, build.__name__


# --- 10. a closed consultation with an outcome -------------------------------------------
def test_a_closed_consultation_with_an_outcome_does_not_promise_to_read_responses(
    client, home_page, consultation
):
    from consultations.models import OutcomeIndexPage, YouSaidWeDidPage

    index = home_page.add_child(
        instance=OutcomeIndexPage(title="You said, we did", slug="outcomes")
    )
    outcome = YouSaidWeDidPage(
        title="What we did", slug="what-we-did", intro="We listened.", consultation=consultation
    )
    index.add_child(instance=outcome)
    outcome.save_revision().publish()
    consultation.closes_at = timezone.now() - timedelta(days=1)
    consultation.confirmation_text = "<p>When it closes we will read every response.</p>"
    consultation.save_revision().publish()

    for route in ("", "respond/"):
        html = client.get(url(consultation, route), follow=True).content.decode()
        assert "read every response" not in html
        assert "We have read the responses" in html
        assert f'href="{outcome.url}"' in html


def test_links_without_a_request_use_the_configured_base_url_not_the_site_record(
    consultation, settings
):
    from wagtail.models import Site

    from portal import links

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", 8000
    site.save()
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8080"
    assert links.page_url(consultation) == f"http://127.0.0.1:8080{consultation.url}"
