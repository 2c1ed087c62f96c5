"""Data subject requests: find, export and erase everything held about an email.

Every action is recorded as a ``DataSubjectRequest`` (the email kept only as a
keyed fingerprint) and written to Wagtail's audit log. Erasure then scans the
whole database for the address (``privacy.scan``) and records where, if
anywhere, it is still found (a staff account is kept, for instance).
"""

from __future__ import annotations

import logging
import re

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.log_actions import log

from privacy import registry, scan
from privacy.models import DataSubjectRequest

logger = logging.getLogger(__name__)
HASH_SALT = "privacy.data-subject-request"
FORMAT_VERSION = 1


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def email_hash(email: str) -> str:
    """A keyed fingerprint of the address: the same email always gives the same value."""
    return salted_hmac(HASH_SALT, normalise(email), algorithm="sha256").hexdigest()


def find(email: str) -> dict[str, list[registry.Found]]:
    email = normalise(email)
    return {source.name: source.find(email) for source in registry.sources()}


def export(email: str) -> dict:
    """Everything held about ``email``, ready for ``json.dumps``."""
    email = normalise(email)
    return {
        "format": "nhs-engagement-portal/personal-data",
        "version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "email": email,
        "sources": {
            source.name: {"label": str(source.label), "records": source.export(email)}
            for source in registry.sources()
        },
    }


def _exists(user) -> bool:
    if user is None or not getattr(user, "pk", None):
        return False
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user.pk).exists()


def _record(email, action, *, user, origin, counts, remaining=()) -> DataSubjectRequest:
    request = DataSubjectRequest.objects.create(
        email_hash=email_hash(email),
        action=action,
        origin=origin,
        counts=counts,
        remaining=list(remaining),
        made_by_id=user.pk if _exists(user) else None,
    )
    log_action = {
        DataSubjectRequest.Action.FIND: "privacy.view_personal_data",
        DataSubjectRequest.Action.EXPORT: "privacy.export",
        DataSubjectRequest.Action.ERASE: "privacy.erase",
    }[action]
    log(
        request,
        log_action,
        user=request.made_by if request.made_by_id else None,
        data={"reference": request.reference, "origin": origin, "counts": counts},
    )
    return request


def record_find(email, *, user, found, origin=DataSubjectRequest.Origin.STAFF):
    counts = {name: len(items) for name, items in found.items()}
    return _record(email, DataSubjectRequest.Action.FIND, user=user, origin=origin, counts=counts)


def record_export(email, *, user, data, origin=DataSubjectRequest.Origin.STAFF):
    counts = {name: len(part["records"]) for name, part in data["sources"].items()}
    return _record(email, DataSubjectRequest.Action.EXPORT, user=user, origin=origin, counts=counts)


def erase(email: str, *, user=None, origin=DataSubjectRequest.Origin.STAFF):
    """Erase ``email`` from every source, then check the database for what is left."""
    email = normalise(email)
    counts = {}
    actor = user if user is not None and user.is_authenticated else None
    actor_is_subject = actor is not None and normalise(actor.email) == email
    with transaction.atomic():
        for source in registry.sources():
            counts[source.name] = source.erase(email)
        forget_in_logs(email)
    remaining = scan.find(email)
    if remaining:
        logger.warning("Erasure left the address in %s", [r["model"] for r in remaining])
    # A person erasing their own account is gone: record the request without them.
    return _record(
        email,
        DataSubjectRequest.Action.ERASE,
        user=None if actor_is_subject else actor,
        origin=origin,
        counts=counts,
        remaining=[f"{r['model']}.{r['column']} ({r['rows']})" for r in remaining],
    )


def _without(text: str, email: str) -> str:
    return re.sub(re.escape(email), "[erased]", text, flags=re.IGNORECASE)


def forget_in_logs(email: str) -> None:
    """Log entries and explorer searches that quote the address keep everything else."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    from search.models import ExplorerSearch

    for model in (ModelLogEntry, PageLogEntry):
        for entry in model.objects.filter(label__icontains=email):
            entry.label = _without(entry.label, email)
            entry.save(update_fields=["label"])
    # A staff member may have searched the feedback explorer for the address.
    for search in ExplorerSearch.objects.filter(query__icontains=email):
        search.query = _without(search.query, email)
        search.save(update_fields=["query"])
