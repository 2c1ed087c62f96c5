"""Demo: one made-up person with data in every source, to try a data subject request on.

Alex Morgan (alex.morgan@example.org) has an account, a response to the open
consultation with contact details and equality answers, a comment on a policy
draft, Citizens' Panel membership and a place at an event. Staff can find,
download and erase them under Personal data requests; Alex can sign in (set a
password through "Forgot your password?") and use /en/your-data/.

Idempotent: does nothing when the account exists.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

EMAIL = "alex.morgan@example.org"
NAME = "Alex Morgan"


def _consultation():
    from consultations.models import ConsultationPage

    for page in ConsultationPage.objects.live().filter(locale__language_code="en"):
        if page.is_open and any(q.type == "long_text" for q in page.survey_definition.questions):
            return page
    return None


def _response(user) -> int:
    from consultations.models import Answer, EqualityMonitoring, Response, ResponseContact

    page = _consultation()
    if page is None:
        return 0
    question = next(q for q in page.survey_definition.questions if q.type == "long_text")
    response = Response.objects.create(
        consultation=page,
        status=Response.Status.DRAFT,
        user=user,
        language="en",
    )
    Answer.objects.create(
        response=response,
        question_id=question.id,
        question_type="long_text",
        value_text=(
            f"I'm {NAME}. I care for my mum in Harrow and the clinic changes worry us; "
            "you can reach me on 07700 900982."
        ),
    )
    ResponseContact.objects.create(
        response=response, name=NAME, email=EMAIL, postcode="HA1 2AB", wants_updates=True
    )
    EqualityMonitoring.objects.create(response=response, age_band="45-54", carer="yes")
    from consultations import services

    services.submit(response)
    return 1


def _comment() -> int:
    from consultations.models import DraftComment, DraftVersion

    version = DraftVersion.objects.order_by("page_id", "-number").first()
    if version is None:
        return 0
    DraftComment.objects.create(
        version=version,
        text="As a carer I would like the policy to say how long the wait is.",
        display_name="Alex M",
        email=EMAIL,
        status=DraftComment.Status.PENDING,
    )
    return 1


def _member(user) -> int:
    from citizens_panel import choices
    from citizens_panel.models import Member

    Member.objects.create(
        status=Member.Status.ACTIVE,
        name=NAME,
        email=EMAIL,
        phone="07700 900982",
        postcode="HA1 2AB",
        age_band="45-54",
        carer="yes_20_or_more",
        consent_wording=str(choices.CONSENT_WORDING),
        consented_at=timezone.now(),
        confirmed_at=timezone.now(),
        user=user,
    )
    return 1


def _event_place(user) -> int:
    from privacy.sources import event_signup_model

    if event_signup_model() is None:
        return 0
    from events import signups
    from events.models import EventPage

    event = (
        EventPage.objects.live()
        .filter(starts_at__gt=timezone.now(), cancelled_at__isnull=True)
        .order_by("starts_at")
        .first()
    )
    if event is None:
        return 0
    signups.sign_up(event, {"name": NAME, "email": EMAIL, "phone": "07700 900982"}, user=user)
    return 1


def load_demo(stdout) -> None:
    from allauth.account.models import EmailAddress

    from portal.models import User
    from privacy.roles import setup_roles

    roles = setup_roles()  # again: permissions of apps loaded since are granted now
    if User.objects.filter(email__iexact=EMAIL).exists():
        stdout.write(f"      privacy: {EMAIL} already there; roles granted {roles['granted']}")
        return
    with transaction.atomic():
        user = User(username="alex.morgan", email=EMAIL)
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
        made = {
            "responses": _response(user),
            "comments": _comment(),
            "panel": _member(user),
            "events": _event_place(user),
        }
    summary = ", ".join(f"{k} {v}" for k, v in made.items())
    stdout.write(
        f"      privacy: demo person {EMAIL} ({summary}); roles granted {roles['granted']}"
    )
