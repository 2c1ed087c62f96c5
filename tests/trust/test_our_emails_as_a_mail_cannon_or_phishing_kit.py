"""Our NHS sender turned into a mail cannon or a phishing kit (issue #14, medium).

Four public forms email whatever address the visitor types: join the Citizens' Panel,
"save and come back", a copy of your answers, and event sign-up. Without limits one
person could flood a stranger's inbox from our address, or send a list of strangers
an NHS email opening "Dear Visit http://evil.example ...". Now each recipient gets at
most a few such emails an hour and each client address a few dozen (allauth's limits,
``portal_email`` in ``ACCOUNT_RATE_LIMITS``), greetings in emails to addresses nobody
has confirmed carry no typed name, and text the visitor typed (answers) cannot become
a link.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from consultations.models import Response
from consultations.tasks import send_missing_response_copies
from portal import emails as portal_emails
from portal.settings import base as base_settings
from tests.citizens_panel.conftest import hounslow, nwl_areas  # noqa: F401 - fixtures
from tests.citizens_panel.test_membership import JOIN
from tests.consultations.conftest import consultation, consultation_index  # noqa: F401
from tests.consultations.factories import question_id
from tests.consultations.test_respond import (
    answer_step_one,
    answer_step_two,
    details,
    url,
)
from tests.events import factories as event_factories
from tests.events.conftest import event, event_index  # noqa: F401 - fixtures
from tests.events.test_signup import sign_up_url

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.org"
PHISH = "Your NHS login has expired. Visit http://evil.example/nhs or www.evil.example now"
LINKS = ("http://evil", "evil.example", "www.evil")


@pytest.fixture(autouse=True)
def real_limits(settings):
    """The limits production runs with (tests otherwise run with allauth's switched off)."""
    settings.ACCOUNT_RATE_LIMITS = base_settings.ACCOUNT_RATE_LIMITS


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def stranger(n: int) -> Client:
    """A different browser on a different address each time (a botnet, or many people)."""
    return Client(REMOTE_ADDR=f"192.0.2.{n + 1}")


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def assert_no_link(text: str):
    for link in LINKS:
        assert link not in text, link


# --- a mail cannon --------------------------------------------------------------------------
def test_joining_the_panel_over_and_over_does_not_flood_one_inbox(
    home_page,
    hounslow,  # noqa: F811
    committed,
):
    statuses = []
    for n in range(5):
        with committed():
            statuses.append(stranger(n).post("/en/panel/join/", {**JOIN, "email": VICTIM}))

    assert len(sent_to(VICTIM)) == 3
    refused = statuses[-1]
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "We have already sent several emails to this address" in html
    assert 'value="Asha Patel"' in html  # what was typed is kept


def test_one_address_cannot_send_our_emails_to_a_list_of_strangers(
    home_page,
    hounslow,  # noqa: F811
    committed,
):
    sender = Client(REMOTE_ADDR="203.0.113.66")
    statuses = []
    for n in range(45):
        with committed():
            response = sender.post("/en/panel/join/", {**JOIN, "email": f"stranger{n}@example.org"})
        statuses.append(response.status_code)

    assert statuses.count(429) == 5
    assert len(mail.outbox) == 40


def test_save_and_come_back_does_not_flood_one_inbox(client, consultation, committed):  # noqa: F811
    answer_step_one(client, consultation, save_and_return="1")
    statuses = []
    for _attempt in range(4):
        with committed():
            sent = client.post(url(consultation, "respond/save/"), {"email": VICTIM})
        statuses.append(sent.status_code)

    assert statuses == [200, 200, 200, 429]
    assert len(sent_to(VICTIM)) == 3


def respond_with_a_copy(client, page, email, **answers):
    assert answer_step_one(client, page, **answers).status_code == 302
    assert answer_step_two(client, page).status_code == 302
    assert details(client, page, email=email, wants_copy="on").status_code == 302
    return client.post(url(page, "respond/check/"), follow=True)


def test_copies_of_answers_do_not_flood_one_inbox_and_the_answers_are_still_kept(
    consultation,  # noqa: F811
    committed,
):
    pages = []
    for n in range(4):
        with committed():
            pages.append(respond_with_a_copy(stranger(n), consultation, VICTIM))

    assert len(sent_to(VICTIM)) == 3
    assert Response.objects.submitted().count() == 4  # nothing lost
    assert "We could not email you a copy" in pages[-1].content.decode()
    Response.objects.update(submitted_at=timezone.now() - timedelta(hours=1))
    send_missing_response_copies()  # the sweeper does not send the refused copy later
    assert len(sent_to(VICTIM)) == 3


def test_event_sign_ups_do_not_flood_one_inbox(event_index, committed):  # noqa: F811
    events = [event_factories.make_event(event_index, slug=f"group-{n}") for n in range(4)]
    statuses = []
    for n, each in enumerate(events):
        with committed():
            response = stranger(n).post(sign_up_url(each), event_factories.form_data(email=VICTIM))
        statuses.append(response.status_code)

    assert len(sent_to(VICTIM)) == 3
    assert statuses[-1] == 429


# --- a phishing kit ---------------------------------------------------------------------------
def test_a_panel_confirmation_does_not_greet_the_victim_with_the_attackers_text(
    client,
    home_page,
    hounslow,  # noqa: F811
    committed,
):
    with committed():
        client.post("/en/panel/join/", {**JOIN, "name": PHISH, "email": VICTIM})

    [email] = sent_to(VICTIM)
    assert email.body.startswith("Hello,")
    assert "NHS login" not in email.body
    assert_no_link(email.body)


def test_a_copy_of_answers_turns_no_typed_text_into_a_link(client, consultation, committed):  # noqa: F811
    why = {f"q_{question_id(consultation, 'why')}": PHISH}
    with committed():
        respond_with_a_copy(client, consultation, VICTIM, **why)

    [email] = sent_to(VICTIM)
    assert email.body.startswith("Hello,")
    assert_no_link(email.body)
    assert "evil[.]example" in email.body  # still readable as what was typed


def test_an_event_confirmation_does_not_greet_the_victim_with_the_attackers_text(
    event,  # noqa: F811 - fixture
    committed,
):
    with committed():
        Client().post(sign_up_url(event), event_factories.form_data(name=PHISH, email=VICTIM))

    [email] = sent_to(VICTIM)
    assert email.body.startswith("Hello,")
    assert "NHS login" not in email.body
    assert_no_link(email.body)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("see http://evil.example/x", "see http[:]//evil[.]example/x"),
        ("www.evil.example", "www[.]evil[.]example"),
        ("HTTPS://EVIL.EXAMPLE", "HTTPS[:]//EVIL[.]EXAMPLE"),
        ("пример.рф/вход", "пример[.]рф/вход"),
        ("write to me@evil.example", "write to me@evil[.]example"),
        ("It costs £12.50, e.g. on the bus.", "It costs £12.50, e.g. on the bus."),
        ("Dr. Smith was kind", "Dr. Smith was kind"),
    ],
)
def test_typed_text_is_made_unlinkable_but_stays_readable(typed, shown):
    assert portal_emails.defang(typed) == shown
