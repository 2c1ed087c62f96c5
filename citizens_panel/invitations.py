"""Personal invitations to panel surveys: create, claim once, remind once, count replies.

An invitation link carries a random hex token, works only while the survey is open,
only for an active member, and only once: opening it (a GET, which mail scanners
also do) shows a button; pressing it (a POST) claims it, which starts that member's one
response and remembers the invitation in the browser's session. A signed-in person
whose account belongs to another member cannot use it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from citizens_panel.models import Invitation, Member, Sample
from consultations import services as respond
from consultations.models import Response
from portal.dispatch import send_after_commit

SESSION_KEY = "panel-invitation-{page_id}"


def create_sample(survey, draw, *, method, criteria=None, created_by=None, reminder_after_days=7):
    """Store the draw as a ``Sample`` with one invitation per drawn member (not yet sent)."""
    with transaction.atomic():
        sample = Sample.objects.create(
            survey=survey,
            method=method,
            size=draw.size,
            characteristics=draw.characteristics,
            criteria=criteria or {},
            seed=draw.seed,
            plan=draw.plan(),
            created_by=created_by,
            reminder_after_days=reminder_after_days,
        )
        Invitation.objects.bulk_create(
            Invitation(sample=sample, member_id=pk, stratum=stratum.label)
            for stratum in draw.strata
            for pk in stratum.member_ids
        )
    return sample


def send(sample: Sample) -> None:
    from citizens_panel.tasks import send_invitations

    with transaction.atomic():
        if sample.sent_at is None:
            Sample.objects.filter(pk=sample.pk).update(sent_at=timezone.now())
            send_after_commit(send_invitations, sample.pk)


def already_invited(survey) -> set[int]:
    return set(Invitation.objects.filter(sample__survey=survey).values_list("member_id", flat=True))


def check(request, page, token: str) -> tuple[Invitation | None, str]:
    """Whether this link can be used here: (invitation, "") or (None, reason), with
    nothing changed (opening the link, a GET, must not use it up)."""
    if not token or len(token) > 64:
        return None, "invalid"
    invitation = (
        Invitation.objects.select_related("member", "sample")
        .filter(token=token, sample__survey_id=page.source_page.pk)
        .first()
    )
    if invitation is None:
        return None, "invalid"
    member = invitation.member
    if member.status != Member.Status.ACTIVE:
        return None, "invalid"
    user = request.user
    if user.is_authenticated and getattr(user, "panel_member", None) not in (None, member):
        return None, "not_yours"
    if invitation.used_at is not None:
        return None, "used"
    return invitation, ""


def claim(request, page, token: str) -> tuple[Invitation | None, str]:
    """Use an invitation link (a POST); returns (invitation, "") or (None, reason)."""
    invitation, reason = check(request, page, token)
    if invitation is None:
        return None, reason
    member = invitation.member
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not claimed:
            return None, "used"
        response = Response.objects.create(
            consultation_id=page.source_page.pk,
            language=page.locale.language_code,
            channel=Response.Channel.ONLINE,
            user=member.user,
            area=member.area,
        )
        Invitation.objects.filter(pk=invitation.pk).update(response=response)
    respond.remember_response(request, response)
    request.session[SESSION_KEY.format(page_id=page.source_page.pk)] = invitation.pk
    invitation.refresh_from_db()
    return invitation, ""


def session_invitation(request, page) -> Invitation | None:
    pk = request.session.get(SESSION_KEY.format(page_id=page.source_page.pk))
    if pk is not None:
        return Invitation.objects.filter(pk=pk, sample__survey_id=page.source_page.pk).first()
    # Came back through an emailed "save and come back" link to an invited response.
    response = respond.session_response(request, page)
    if response is None:
        return None
    invitation = Invitation.objects.filter(response=response).first()
    if invitation is not None:
        request.session[SESSION_KEY.format(page_id=page.source_page.pk)] = invitation.pk
    return invitation


def due_reminders(now=None):
    """Invitations to remind: sent long enough ago, no reminder yet, no reply, member active."""
    now = now or timezone.now()
    candidates = (
        Invitation.objects.not_responded()
        .filter(
            sent_at__isnull=False,
            reminder_sent_at__isnull=True,
            member__status=Member.Status.ACTIVE,
        )
        .select_related("sample", "sample__survey")
    )
    due = []
    for invitation in candidates:
        page = invitation.sample.survey
        if not page.is_open:
            continue
        if invitation.sent_at <= now - timedelta(days=invitation.sample.reminder_after_days):
            due.append(invitation)
    return due


def response_rates(sample: Sample) -> list[dict]:
    """Per stratum: invited, responded, and the rate (as a percentage)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = sample.invitations.values_list("stratum", "response__status")
    for stratum, status in rows:
        counts[stratum][0] += 1
        if status == Response.Status.SUBMITTED:
            counts[stratum][1] += 1
    return [
        {
            "stratum": stratum,
            "invited": invited,
            "responded": responded,
            "rate": round(100 * responded / invited, 1) if invited else 0.0,
        }
        for stratum, (invited, responded) in sorted(counts.items())
    ]
