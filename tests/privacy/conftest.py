"""Fixtures for the privacy tests: a seeded person with data in every source."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from citizens_panel.models import Member
from consultations.models import (
    DraftComment,
    DraftVersion,
    EqualityMonitoring,
    PolicyDraftPage,
    Response,
    ResponseContact,
)
from tests.consultations import factories
from tests.consultations.conftest import (  # noqa: F401 - fixtures used here
    consultation,
    consultation_index,
    superuser,
)

EMAIL = "Priya.Shah@example.net"
NAME = "Priya Shah"


@dataclass
class Person:
    email: str
    name: str
    user: object
    responses: list = field(default_factory=list)
    comment: DraftComment | None = None
    member: Member | None = None
    signups: list = field(default_factory=list)


def make_draft(parent, **fields):
    page = PolicyDraftPage(
        title=fields.pop("title", "Knee arthroscopy"),
        slug=fields.pop("slug", "knee-arthroscopy"),
        intro="A draft commissioning policy for sense-checking.",
        version_label="1",
        sections=[
            {
                "type": "section",
                "id": str(uuid.uuid4()),
                "value": {"heading": "Purpose", "body": "<p>When the NHS funds it.</p>"},
            }
        ],
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_comment(draft, **fields):
    version = DraftVersion.objects.filter(page=draft).order_by("-number").first()
    return DraftComment.objects.create(version=version, **fields)


def free_text_answer(page, text):
    return {factories.question_id(page, "why"): text}


def event_signup_model():
    from privacy.sources import event_signup_model as model

    return model()


def make_event_signup(home_page, *, email, name, user=None):
    """An event with one sign-up, if the events app has its models (else None)."""
    EventSignup = event_signup_model()
    if EventSignup is None:
        return None
    from events.models import EventPage

    fields = {f.name for f in EventPage._meta.get_fields()}
    values = {"title": "Carers' focus group", "slug": f"carers-{uuid.uuid4().hex[:6]}"}
    now = timezone.now()
    for name_, value in (
        ("starts_at", now + timezone.timedelta(days=10)),
        ("ends_at", now + timezone.timedelta(days=10, hours=2)),
        ("capacity", 10),
        ("intro", "A focus group for carers."),
    ):
        if name_ in fields:
            values[name_] = value
    event = home_page.add_child(instance=EventPage(**values))
    return EventSignup.objects.create(
        event=event,
        sequence=1,
        name=name,
        email=email,
        phone="07700 900123",
        consent_wording="I agree to be contacted about this event.",
        consented_at=now,
        user=user,
    )


@pytest.fixture
def person(consultation, home_page):  # noqa: F811 - fixture from consultations
    """Priya: an account, two responses, a draft comment, panel membership, an event place."""
    user = factories.UserFactory(username="priya", email=EMAIL.lower())
    EmailAddress.objects.create(user=user, email=EMAIL.lower(), verified=True, primary=True)
    subject = Person(email=EMAIL, name=NAME, user=user)

    # A response with contact details given on the form (no account), free text naming her.
    first = factories.make_response(
        consultation,
        free_text_answer(consultation, f"I am {NAME}, call me on 07700 900123 or {EMAIL}."),
    )
    ResponseContact.objects.create(
        response=first, name=NAME, email=EMAIL, postcode="HA1 1AA", wants_updates=True
    )
    EqualityMonitoring.objects.create(response=first, age_band="35-44", sex="female")
    # A second response made while signed in, without contact details.
    second = factories.make_response(
        consultation, free_text_answer(consultation, "Shorter waits please."), user=user
    )
    subject.responses = [first, second]

    draft = make_draft(consultation.get_parent())
    subject.comment = make_comment(
        draft,
        text=f"As a carer I ({NAME}) worry about this.",
        email=EMAIL.upper(),
        display_name="Priya S",
    )
    subject.member = Member.objects.create(
        status=Member.Status.ACTIVE,
        name=NAME,
        email=EMAIL.lower(),
        phone="07700 900123",
        postcode="HA1 1AA",
        age_band="35-44",
        consent_wording="I agree.",
        consented_at=timezone.now(),
        user=user,
    )
    signup = make_event_signup(home_page, email=EMAIL, name=NAME, user=user)
    if signup is not None:
        subject.signups = [signup]
    return subject


@pytest.fixture
def bystander(consultation):  # noqa: F811
    """Someone else, whose data must survive Priya's erasure."""
    response = factories.make_response(
        consultation, free_text_answer(consultation, "Keep the walk-in centre open.")
    )
    ResponseContact.objects.create(response=response, name="Sam Okoro", email="sam@example.org")
    return response


def responses_submitted(page):
    return Response.objects.submitted().filter(consultation=page.source_page).count()
