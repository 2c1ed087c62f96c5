""" "Email me when the outcome is published": once each, in their language."""

import csv
import io

import pytest
from django.contrib.auth.models import Group

from consultations.models import OutcomeIndexPage, OutcomeNotification, Response, YouSaidWeDidPage
from privacy import roles
from tests.consultations.factories import (
    ResponseContactFactory,
    StaffUserFactory,
    make_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(consultation):
    """Two people who asked (one answered in Polish), one who did not, one withdrawn."""
    english = make_response(consultation)
    polish = make_response(consultation, language="pl")
    silent = make_response(consultation)
    withdrawn = make_response(consultation, status=Response.Status.WITHDRAWN)
    ResponseContactFactory(response=english, email="ann@example.org", wants_updates=True)
    ResponseContactFactory(response=polish, email="piotr@example.org", wants_updates=True)
    ResponseContactFactory(response=silent, email="sil@example.org", wants_updates=False)
    ResponseContactFactory(response=withdrawn, email="gone@example.org", wants_updates=True)
    return {"english": english, "polish": polish}


@pytest.fixture
def outcome_draft(home_page, consultation):
    index = home_page.add_child(
        instance=OutcomeIndexPage(title="You said, we did", slug="outcomes")
    )
    page = YouSaidWeDidPage(
        title="What we did about commissioning",
        slug="commissioning",
        intro="We listened.",
        consultation=consultation,
        live=False,
    )
    index.add_child(instance=page)
    return page


def publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()


def test_publishing_the_outcome_emails_everyone_who_asked_once(
    outcome_draft, asked, mailoutbox, django_capture_on_commit_callbacks
):
    publish(outcome_draft, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.org", "piotr@example.org"]
    english = next(m for m in mailoutbox if m.to == ["ann@example.org"])
    assert "What we did about commissioning" in english.body
    assert "/outcomes/commissioning/" in english.body
    assert asked["english"].reference in english.body
    polish = next(m for m in mailoutbox if m.to == ["piotr@example.org"])
    assert polish.body.startswith("Dzień dobry,")  # in the language they answered in
    assert english.body.startswith("Hello,")
    assert OutcomeNotification.objects.filter(sent_at__isnull=False).count() == 2


def test_publishing_the_outcome_again_emails_nobody_twice(
    outcome_draft, asked, mailoutbox, django_capture_on_commit_callbacks
):
    publish(outcome_draft, django_capture_on_commit_callbacks)
    publish(outcome_draft, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 2


def test_someone_who_asks_after_the_first_publish_is_told_on_the_next(
    outcome_draft, asked, consultation, mailoutbox, django_capture_on_commit_callbacks
):
    publish(outcome_draft, django_capture_on_commit_callbacks)
    late = make_response(consultation)
    ResponseContactFactory(response=late, email="late@example.org", wants_updates=True)

    publish(outcome_draft, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == [
        "ann@example.org",
        "late@example.org",
        "piotr@example.org",
    ]


def test_a_refused_email_is_retried_and_not_marked_sent(
    outcome_draft, asked, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from consultations.tasks import send_outcome_email

    settings.EMAIL_BACKEND = "tests.consultations.failing_email.FailingEmailBackend"
    assert send_outcome_email.autoretry_for  # Celery's own retries on mail errors
    publish(outcome_draft, django_capture_on_commit_callbacks)
    assert OutcomeNotification.objects.filter(sent_at__isnull=False).count() == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for pk in OutcomeNotification.objects.values_list("pk", flat=True):
        send_outcome_email.delay(pk)

    assert len(mailoutbox) == 2


def _lead():
    roles.setup_roles()
    user = StaffUserFactory(username="lead")
    user.groups.add(Group.objects.get(name=roles.ENGAGEMENT_LEADS))
    return user


def test_the_lead_sees_the_count_on_the_outcome_editor_and_exports_the_list(
    client, outcome_draft, asked, consultation, django_capture_on_commit_callbacks
):
    publish(outcome_draft, django_capture_on_commit_callbacks)
    client.force_login(_lead())

    editor = client.get(f"/admin/pages/{outcome_draft.pk}/edit/").content.decode()
    assert "Outcome emails: 2 asked, 2 emailed (CSV)" in editor

    reply = client.get(f"/admin/responses/outcome-emails/{consultation.pk}.csv")
    rows = list(csv.reader(io.StringIO(b"".join(reply.streaming_content).decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["ann@example.org", "piotr@example.org"]
    assert all(row[4] for row in rows[1:])  # when each was emailed


def test_an_analyst_cannot_export_the_list_of_email_addresses(client, consultation, asked):
    roles.setup_roles()
    analyst = StaffUserFactory(username="analyst")
    analyst.groups.add(Group.objects.get(name=roles.ANALYSTS))
    client.force_login(analyst)

    reply = client.get(f"/admin/responses/outcome-emails/{consultation.pk}.csv")

    assert reply.status_code == 302
    assert reply["Location"] == "/admin/"
