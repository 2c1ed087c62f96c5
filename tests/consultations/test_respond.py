"""The public respond journey, driven as a browser without JavaScript would."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from consultations.models import Answer, Response
from tests.consultations.factories import option_id, question_id

pytestmark = pytest.mark.django_db


def url(page, route=""):
    return page.url + route


def answer_step_one(client, page, **overrides):
    data = {
        f"q_{question_id(page, 'travel')}": option_id(
            page, "travel", page_label(page, "travel", 0)
        ),
        f"q_{question_id(page, 'priorities')}": [
            option_id(page, "priorities", page_label(page, "priorities", 1))
        ],
        f"q_{question_id(page, 'agree-merge')}": "4",
        f"q_{question_id(page, 'why')}": "Because the buses are slow.",
    }
    data.update(overrides)
    return client.post(url(page, "respond/step/1/"), data)


def page_label(page, reference, index):
    return page.survey_definition.question_by_reference(reference).options[index].label


def answer_step_two(client, page, used_walk_in="no", postcode="HA1 2AB"):
    return client.post(
        url(page, "respond/step/2/"),
        {
            f"q_{question_id(page, 'postcode')}": postcode,
            f"q_{question_id(page, 'used-walk-in')}": used_walk_in,
            "eq-age_band": "35-44",
        },
    )


def details(client, page, **overrides):
    data = {"respondent_type": "individual", "email": "", "name": ""}
    data.update(overrides)
    return client.post(url(page, "respond/your-details/"), data)


def complete_journey(client, page, **detail_fields):
    assert answer_step_one(client, page).status_code == 302
    assert answer_step_two(client, page).status_code == 302
    assert details(client, page, **detail_fields).status_code == 302
    return client.post(url(page, "respond/check/"))


def test_open_consultation_page_offers_start_now(client, consultation):
    html = client.get(url(consultation)).content.decode()
    assert "Start now" in html
    assert f'href="{url(consultation)}respond/"' in html


def test_full_journey_without_javascript_stores_a_submitted_response(client, consultation, areas):
    response = complete_journey(client, consultation)
    assert response.status_code == 302
    assert response["Location"].endswith("respond/done/")

    stored = Response.objects.get()
    assert stored.status == Response.Status.SUBMITTED
    assert stored.consultation_id == consultation.pk
    assert stored.language == "en"
    assert stored.area == areas["harrow"]  # HA1 is listed for Harrow
    travel = Answer.objects.get(question_id=question_id(consultation, "travel"))
    assert travel.option_id == option_id(consultation, "travel", "Bus")
    assert stored.equality.age_band == "35-44"

    done = client.get(response["Location"]).content.decode()
    assert stored.reference in done


def test_step_three_is_skipped_unless_walk_in_centre_was_used(client, consultation):
    answer_step_one(client, consultation)
    skipped = answer_step_two(client, consultation, used_walk_in="no")
    assert skipped["Location"].endswith("respond/your-details/")

    shown = answer_step_two(client, consultation, used_walk_in="yes")
    assert shown["Location"].endswith("respond/step/3/")


def test_polish_response_counts_towards_the_english_consultation(
    client, consultation, polish_consultation
):
    assert polish_consultation.url.startswith("/pl/")
    html = client.get(url(polish_consultation, "respond/step/1/")).content.decode()
    assert "Jak zwykle dojeżdżasz do szpitala?" in html
    assert '<html lang="pl"' in html

    result = complete_journey(client, polish_consultation)
    assert result.status_code == 302
    stored = Response.objects.get()
    assert stored.consultation_id == consultation.pk
    assert stored.language == "pl"
    travel = Answer.objects.get(question_id=question_id(consultation, "travel"))
    assert travel.option_id == option_id(consultation, "travel", "Bus")


def test_missing_required_answer_is_named_and_typed_text_is_kept(client, consultation):
    response = answer_step_one(
        client, consultation, **{f"q_{question_id(consultation, 'travel')}": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "How do you usually travel to hospital?" in html
    assert f'href="#id_q_{question_id(consultation, "travel")}_0"' in html
    assert "Because the buses are slow." in html
    assert not Response.objects.exists()


def test_over_long_text_gets_a_field_message_and_keeps_the_text(client, consultation):
    too_long = "x" * 501
    response = answer_step_one(
        client, consultation, **{f"q_{question_id(consultation, 'why')}": too_long}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "must be 500 characters or fewer" in html
    assert too_long in html


def test_bad_postcode_is_refused_with_a_clear_message(client, consultation):
    answer_step_one(client, consultation)
    response = answer_step_two(client, consultation, postcode="NOT A POSTCODE")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a real postcode, like SW1A 1AA" in html
    assert 'value="NOT A POSTCODE"' in html


def test_a_forged_question_id_is_ignored(client, consultation):
    forged = "q_00000000-0000-0000-0000-000000000000"
    answer_step_one(client, consultation, **{forged: "injected"})
    assert not Answer.objects.filter(value_text="injected").exists()
    assert not Answer.objects.filter(question_id__startswith="00000000").exists()


def test_a_huge_payload_is_refused_without_a_server_error(client, consultation):
    response = answer_step_one(
        client, consultation, **{f"q_{question_id(consultation, 'why')}": "x" * 3_000_000}
    )
    assert (
        response.status_code == 413
    )  # public bodies over 1 MiB: tests/trust/test_oversized_posts.py
    assert not Response.objects.exists()


def test_honeypot_filled_in_by_a_bot_saves_nothing(client, consultation):
    response = answer_step_one(client, consultation, website="http://spam.example")
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_closed_consultation_says_so_and_refuses_answers(client, consultation):
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save_revision().publish()

    page_html = client.get(url(consultation)).content.decode()
    assert "This consultation closed on" in page_html
    assert "Start now" not in page_html

    refused = answer_step_one(client, consultation)
    assert refused.status_code == 403
    assert "This consultation is closed" in refused.content.decode()
    assert not Response.objects.exists()


def test_consultation_opens_to_the_minute(client, consultation):
    consultation.opens_at = timezone.now() + timedelta(minutes=1)
    consultation.save_revision().publish()
    html = client.get(url(consultation, "respond/step/1/")).content.decode()
    assert "This consultation is not open yet" in html
    consultation.opens_at = timezone.now() - timedelta(seconds=1)
    consultation.save_revision().publish()
    assert (
        "How do you usually travel"
        in client.get(url(consultation, "respond/step/1/")).content.decode()
    )


def test_drafts_are_not_submitted_until_the_person_presses_submit(client, consultation):
    answer_step_one(client, consultation)
    stored = Response.objects.get()
    assert stored.status == Response.Status.DRAFT
    assert stored.answers.exists()


def test_emailed_copy_of_answers_is_sent_after_submitting(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_journey(client, consultation, email="sam@example.org", wants_copy="on")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    stored = Response.objects.get()
    assert stored.reference in message.subject
    assert "How do you usually travel to hospital?" in message.body
    assert "Bus" in message.body
    assert stored.contact.copy_sent_at is not None


def test_response_is_kept_when_the_broker_is_down(
    client, consultation, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from consultations import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_response_copy, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        result = complete_journey(client, consultation, email="sam@example.org", wants_copy="on")
    assert result.status_code == 302
    stored = Response.objects.get()
    assert stored.status == Response.Status.SUBMITTED
    assert stored.contact.copy_sent_at is None  # the sweeper will send it later


def test_response_is_kept_when_smtp_fails(
    client, consultation, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.consultations.failing_email.FailingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        result = complete_journey(client, consultation, email="sam@example.org", wants_copy="on")
    assert result.status_code == 302
    stored = Response.objects.get()
    assert stored.status == Response.Status.SUBMITTED
    assert stored.contact.copy_sent_at is None


def test_sweeper_sends_copies_the_broker_missed(consultation, settings):
    from consultations.tasks import send_missing_response_copies
    from tests.consultations.factories import ResponseContactFactory, make_response

    stored = make_response(consultation, submitted_at=timezone.now() - timedelta(hours=1))
    ResponseContactFactory(response=stored, email="late@example.org", wants_copy=True)
    send_missing_response_copies()
    assert [m.to for m in mail.outbox] == [["late@example.org"]]
    send_missing_response_copies()
    assert len(mail.outbox) == 1  # never twice


def test_save_and_come_back_emails_a_link_that_restores_the_answers(
    client, consultation, django_capture_on_commit_callbacks
):
    answer_step_one(client, consultation, save_and_return="1")
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url(consultation, "respond/save/"), {"email": "sam@example.org"})
    assert "Check your email" in sent.content.decode()
    link = next(line for line in mail.outbox[0].body.splitlines() if "/resume/" in line)

    other_browser = client.__class__()
    resumed = other_browser.get(link.replace("http://localhost", ""), follow=True)
    html = resumed.content.decode()
    assert resumed.status_code == 200
    assert "Your local services" in html  # the first step not yet answered


def test_submitted_response_can_be_edited_until_close_through_the_same_link(client, consultation):
    from consultations.services import resume_token

    complete_journey(client, consultation)
    stored = Response.objects.get()
    link = url(consultation, f"resume/{resume_token(stored)}/")

    other_browser = client.__class__()
    assert other_browser.get(link)["Location"].endswith("respond/check/")
    answer_step_one(
        other_browser,
        consultation,
        **{f"q_{question_id(consultation, 'travel')}": option_id(consultation, "travel", "Car")},
    )
    other_browser.post(url(consultation, "respond/check/"))

    assert Response.objects.count() == 1
    travel = Answer.objects.get(question_id=question_id(consultation, "travel"))
    assert travel.option_id == option_id(consultation, "travel", "Car")

    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save_revision().publish()
    assert "This consultation is closed" in client.__class__().get(link).content.decode()


def test_a_tampered_resume_link_does_not_work(client, consultation):
    response = client.get(url(consultation, "resume/not-a-real-token/"))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_the_same_answers_sent_twice_make_one_response(client, consultation):
    complete_journey(client, consultation)
    complete_journey(client, consultation)
    assert Response.objects.submitted().count() == 1


def test_organisation_response_needs_the_organisation_name(client, consultation):
    answer_step_one(client, consultation)
    answer_step_two(client, consultation)
    response = details(client, consultation, respondent_type="organisation")
    assert response.status_code == 200
    assert "Enter the name of the organisation" in response.content.decode()
    details(
        client,
        consultation,
        respondent_type="organisation",
        organisation_name="Healthwatch Harrow",
        organisation_size="1200",
    )
    client.post(url(consultation, "respond/check/"))
    stored = Response.objects.get()
    assert stored.organisation_name == "Healthwatch Harrow"
    assert stored.organisation_size == 1200


def test_multiple_choice_questions_are_checkboxes_not_radios(client, consultation):
    html = client.get(url(consultation, "respond/step/1/")).content.decode()
    priorities = question_id(consultation, "priorities")
    assert f'id="id_q_{priorities}_0" name="q_{priorities}" type="checkbox"' in html
    travel = question_id(consultation, "travel")
    assert f'id="id_q_{travel}_0" name="q_{travel}" type="radio"' in html
