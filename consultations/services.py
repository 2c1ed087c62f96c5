"""The respondent journey's business rules, testable without HTTP.

Draft responses are created on the first saved step and kept until submitted;
only submitted responses count. A person's draft is found through their session
or through a signed link emailed to them (save and come back / edit until close).
"""

from __future__ import annotations

import hashlib
import json
import logging
import operator
from functools import reduce
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from consultations import answers as answer_codec
from consultations import postcodes
from consultations.models import EqualityMonitoring, Response, ResponseContact

logger = logging.getLogger(__name__)

RESUME_SALT = "consultations.resume"
SESSION_KEY = "consultation-response-{page_id}"
DONE_SESSION_KEY = "consultation-done-{page_id}"
LINK_SESSION_KEY = "consultation-opened-by-link"

# Submission rate limits live in portal/ratelimits.py (ACCOUNT_RATE_LIMITS "portal_submit").
DUPLICATE_WINDOW_SECONDS = 600


# --- finding the person's response -----------------------------------------
def session_response(request, page) -> Response | None:
    """The response this person is working on: from their session, or their account's draft."""
    source = page.source_page
    uuid = request.session.get(SESSION_KEY.format(page_id=source.pk))
    if uuid:
        return (
            Response.objects.filter(uuid=uuid, consultation_id=source.pk)
            .exclude(status__in=[Response.Status.WITHDRAWN, Response.Status.ANONYMISED])
            .first()
        )
    if request.user.is_authenticated:
        draft = (
            Response.objects.filter(
                user=request.user, consultation_id=source.pk, status=Response.Status.DRAFT
            )
            .order_by("-updated_at")
            .first()
        )
        if draft is not None:
            remember_response(request, draft)
        return draft
    return None


def remember_response(request, response: Response, *, by_link: bool = False) -> None:
    """Work on ``response`` in this browser; ``by_link`` when it came through an emailed
    link, which anyone it was forwarded to may hold (see ``opened_by_link``)."""
    request.session[SESSION_KEY.format(page_id=response.consultation_id)] = str(response.uuid)
    if by_link:
        opened = set(request.session.get(LINK_SESSION_KEY, []))
        request.session[LINK_SESSION_KEY] = sorted(opened | {str(response.uuid)})


def opened_by_link(request, response: Response | None) -> bool:
    """True when this browser reached the response through its emailed link.

    Such a browser is never shown the respondent's contact details or equality
    answers: those forms start empty, and what is left empty keeps what was given.
    """
    return response is not None and str(response.uuid) in request.session.get(LINK_SESSION_KEY, [])


def forget_response(request, page) -> None:
    request.session.pop(SESSION_KEY.format(page_id=page.source_page.pk), None)


def start_response(request, page) -> Response:
    user = request.user if request.user.is_authenticated else None
    response = Response.objects.create(
        consultation_id=page.source_page.pk,
        language=page.locale.language_code,
        channel=Response.Channel.ONLINE,
        user=user,
    )
    remember_response(request, response)
    return response


def _resume_mac(uuid_hex: str) -> str:
    return salted_hmac(RESUME_SALT, uuid_hex, algorithm="sha256").hexdigest()[:40]


def resume_token(response: Response) -> str:
    """The secret in the emailed "come back" / "change your answers" link.

    Hex only, because Wagtail page routes allow only word characters and "-".
    """
    uuid_hex = response.uuid.hex
    return f"{uuid_hex}{_resume_mac(uuid_hex)}"


def response_from_token(token: str) -> Response | None:
    uuid_hex, mac = token[:32], token[32:]
    if len(uuid_hex) != 32 or not constant_time_compare(mac, _resume_mac(uuid_hex)):
        return None
    return (
        Response.objects.filter(uuid=uuid_hex)
        .exclude(status__in=[Response.Status.WITHDRAWN, Response.Status.ANONYMISED])
        .first()
    )


# --- saving -----------------------------------------------------------------
def save_step(response: Response, step, values: dict[str, Any], equality_form=None) -> None:
    with transaction.atomic():
        questions = [q for q in step.questions if q.takes_answer]
        answer_codec.replace_answers(response, questions, values)
        if equality_form is not None and equality_form.has_answers():
            EqualityMonitoring.objects.update_or_create(
                response=response,
                defaults={
                    name: equality_form.cleaned_data.get(name) or ""
                    for name in equality_form.fields
                },
            )
        response.current_step = max(response.current_step, step.index + 1)
        response.save(update_fields=["current_step", "updated_at"])


def save_details(response: Response, details: dict[str, Any], *, keep_blank_contact=False) -> None:
    """Store who is responding (on the response) and their contact details (apart).

    With ``keep_blank_contact`` (the form was shown empty, through an emailed link),
    a name, email or postcode left empty keeps the one given before; one typed replaces
    it; the two choices (a copy, outcome updates) are taken as ticked now.
    """
    with transaction.atomic():
        response.respondent_type = details["respondent_type"]
        is_org = response.respondent_type == Response.RespondentType.ORGANISATION
        response.organisation_name = details.get("organisation_name", "") if is_org else ""
        response.organisation_role = details.get("organisation_role", "") if is_org else ""
        response.organisation_size = details.get("organisation_size") if is_org else None
        postcode = details.get("postcode") or ""
        area = postcodes.area_for(postcode)
        if area is not None:
            response.area = area
        response.save()
        contact_fields = {
            "name": details.get("name", ""),
            "email": details.get("email", ""),
            "postcode": postcode,
            "wants_copy": bool(details.get("wants_copy")),
            "wants_updates": bool(details.get("wants_updates")),
        }
        if keep_blank_contact:
            if not any(contact_fields.values()):
                return
            kept = ResponseContact.objects.filter(response=response).first()
            for field in ("name", "email", "postcode"):
                if kept is not None and not contact_fields[field]:
                    contact_fields[field] = getattr(kept, field)
        if any(contact_fields.values()) or hasattr(response, "contact"):
            ResponseContact.objects.update_or_create(response=response, defaults=contact_fields)


def has_contact_email(response: Response | None) -> bool:
    """Whether an email address is on record for ``response`` (without reading it)."""
    return (
        response is not None
        and ResponseContact.objects.filter(response=response).exclude(email="").exists()
    )


def details_initial(response: Response, *, with_contact: bool = True) -> dict[str, Any]:
    organisation = getattr(response.user, "organisation", None) if response.user_id else None
    if organisation is not None and not response.organisation_name:
        return {
            "respondent_type": Response.RespondentType.ORGANISATION,
            "organisation_name": organisation.name,
            "organisation_size": organisation.people_represented,
        }
    initial = {
        "respondent_type": response.respondent_type,
        "organisation_name": response.organisation_name,
        "organisation_role": response.organisation_role,
        "organisation_size": response.organisation_size,
    }
    contact = ResponseContact.objects.filter(response=response).first() if with_contact else None
    if contact:
        initial.update(
            name=contact.name,
            email=contact.email,
            postcode=contact.postcode,
            wants_copy=contact.wants_copy,
            wants_updates=contact.wants_updates,
        )
    return initial


def content_hash(response: Response) -> str:
    """A fingerprint of what was said, to spot the same response sent twice."""
    rows = sorted(
        response.answers.values_list("question_id", "option_id", "value_text", "value_number")
    )
    payload = json.dumps([[str(part) for part in row] for row in rows], ensure_ascii=False)
    return hashlib.sha256(f"{response.consultation_id}:{payload}".encode()).hexdigest()


def find_duplicate(response: Response, fingerprint: str, earlier_uuid=None) -> Response | None:
    """The same answers submitted moments ago by the same person, if any.

    The same person means the response this browser last submitted to the page
    (``earlier_uuid``, kept in the session) or one from the same account. Two
    people who happen to give the same answers always make two responses.
    """
    same_person = []
    if earlier_uuid:
        same_person.append(Q(uuid=earlier_uuid))
    if response.user_id:
        same_person.append(Q(user_id=response.user_id))
    if not same_person:
        return None
    since = timezone.now() - timezone.timedelta(seconds=DUPLICATE_WINDOW_SECONDS)
    candidates = Response.objects.submitted().filter(
        reduce(operator.or_, same_person),
        consultation_id=response.consultation_id,
        content_hash=fingerprint,
        submitted_at__gte=since,
    )
    return candidates.exclude(pk=response.pk).first()


def area_from_answers(response: Response):
    """File the response under an area from a postcode it gave, if we can."""
    postcode_answer = (
        response.answers.filter(question_type="postcode")
        .values_list("value_text", flat=True)
        .first()
    )
    contact = ResponseContact.objects.filter(response=response).first()
    for candidate in (postcode_answer, contact.postcode if contact else ""):
        area = postcodes.area_for(candidate)
        if area is not None:
            return area
    return None


def prune_hidden_answers(response: Response, definition) -> int:
    """Delete answers to questions that the person's other answers now hide."""
    answers = answer_codec.load_answers(response)
    keep = definition.visible_answer_ids(answers)
    deleted, _ = response.answers.exclude(question_id__in=keep).delete()
    return deleted


def count_soon(consultation_id: int) -> None:
    """Ask the worker to bring the consultation's answer counts up to date.

    At most one request waits at a time per consultation; the staff summary brings
    the counts up to date itself anyway, so a lost request only makes it slower.
    """
    from consultations.tasks import tally_pending_key, tally_responses
    from portal.dispatch import send_after_commit

    try:
        first = cache.add(tally_pending_key(consultation_id), 1, 60)
    except Exception:  # noqa: BLE001 - a dead cache must not stop a submission
        first = True
    if first:
        send_after_commit(tally_responses, consultation_id)


def submit(response: Response, definition=None, *, base_url: str | None = None) -> Response:
    """Mark the response submitted (or keep an edit of one), then send the copy.

    With the survey ``definition``, answers to questions that are no longer shown
    (the person went back and changed an earlier answer) are dropped first.
    ``base_url`` is the site address the copy's link starts with (``portal.links``).
    """
    from consultations.tasks import send_response_copy
    from portal.dispatch import send_after_commit

    with transaction.atomic():
        if definition is not None:
            prune_hidden_answers(response, definition)
        first_submission = response.status == Response.Status.DRAFT
        response.content_hash = content_hash(response)
        if response.area_id is None:
            response.area = area_from_answers(response)
        if first_submission:
            response.status = Response.Status.SUBMITTED
            # Staff entering a paper response give the date it was received.
            response.submitted_at = response.submitted_at or timezone.now()
        response.save()
        count_soon(response.consultation_id)
        contact = ResponseContact.objects.filter(response=response).first()
        if first_submission and contact and contact.wants_copy and contact.email:
            send_after_commit(send_response_copy, response.pk, base_url)
    return response
