"""Data subject requests: find, export and erase everything held about an email.

Every action is recorded as a ``DataSubjectRequest`` (the email kept only as a
keyed fingerprint) and written to Wagtail's audit log.

Erasure first gathers the person's identifiers: the email address, and the names,
phone numbers and postcodes their records hold (each source's ``identifiers``), plus
any the officer gives. It erases every source (names removed from free text too),
then what was derived from it: log labels, feedback explorer searches, public search
terms and suggested themes' names (``search.forgetting``, ``themes.review``), and
SQLite's full-text blocks and free pages. The closing check scans the whole database
(``privacy.scan``) for every identifier and records where, if anywhere, each kind is
still found ("name: consultations.Answer.value_text (1)"; never the value itself).
"""

from __future__ import annotations

import inspect
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


def own_sources() -> list:
    """Sources that can say which rows are proven to be an account's (``owned``)."""
    return [source for source in registry.sources() if hasattr(source, "owned")]


def find_own(user) -> dict[str, list[registry.Found]]:
    """What is held that is proven to be ``user``'s (see ``export_own``)."""
    return {source.name: source.find("", rows=source.owned(user)) for source in own_sources()}


def export_own(user) -> dict:
    """Everything proven to be ``user``'s, for their self-service download.

    Only rows linked to the account (made while signed in, or a panel membership
    confirmed through a link sent to one of the account's verified addresses). A
    survey response or comment that merely carries the address was typed by whoever
    sent it, who may not be the account's owner: those are not included (the data
    protection officer answers a request for them after checking who is asking).
    """
    from privacy.sources import verified_addresses

    return {
        "format": "nhs-engagement-portal/personal-data",
        "version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "account": user.get_username(),
        "emails": verified_addresses(user),
        "sources": {
            source.name: {
                "label": str(source.label),
                "records": source.export("", rows=source.owned(user)),
            }
            for source in own_sources()
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


KINDS = ("email", "name", "phone", "postcode")
# Shorter names or numbers match too much of other people's text to be looked for.
MIN_CHARS = {"email": 3, "name": 4, "phone": 6, "postcode": 5}


def _tidy(kind: str, value: str) -> str:
    value = " ".join((value or "").split())
    if kind == "email":
        return normalise(value)
    if kind == "postcode":
        return value.upper()
    return value


def identifiers(email: str, *, name: str = "", phone: str = "", postcode: str = "") -> dict:
    """{kind: [values]}: the email address, the names, phone numbers and postcodes the
    person's records hold, and those the officer gave (``name``, ``phone``, ``postcode``)."""
    found: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}

    def add(kind, value):
        value = _tidy(kind, value)
        if len(value) >= MIN_CHARS[kind]:
            found[kind].setdefault(value.lower(), value)

    add("email", email)
    for source in registry.sources():
        held = getattr(source, "identifiers", None)
        for kind, values in (held(normalise(email)) if held else {}).items():
            for value in values:
                add(kind, value)
    for kind, value in (("name", name), ("phone", phone), ("postcode", postcode)):
        add(kind, value)
    return {kind: sorted(values.values()) for kind, values in found.items()}


def variants(kind: str, value: str) -> list[str]:
    """The forms ``value`` may be written in: a phone number or postcode with and
    without its spaces (and a UK mobile with +44)."""
    forms = [value]
    if kind in ("phone", "postcode"):
        forms.append(re.sub(r"[\s()-]", "", value))
    if kind == "phone" and forms[-1].startswith("0"):
        forms.append("+44" + forms[-1][1:])
    return list(dict.fromkeys(forms))


def name_parts(names) -> list[str]:
    """Each part of the person's names of three letters or more ("Priya", "Shah")."""
    from reports.redaction import name_parts as parts

    return sorted({p for name in names for p in parts(name) if len(p) >= 3})


def check(found: dict) -> list[str]:
    """Where any identifier is still found: ["name: app.Model.column (rows)", ...]."""
    places: dict[str, int] = {}
    for kind in KINDS:
        for value in found.get(kind, ()):
            for form in variants(kind, value):
                for hit in scan.find(form):
                    key = f"{kind}: {hit['model']}.{hit['column']}"
                    places[key] = max(places.get(key, 0), hit["rows"])
    return [f"{place} ({rows})" for place, rows in places.items()]


def _erase_source(source, email: str, found: dict) -> int:
    if "identifiers" in inspect.signature(source.erase).parameters:
        return source.erase(email, identifiers=found)
    return source.erase(email)


def erase(
    email: str,
    *,
    user=None,
    origin=DataSubjectRequest.Origin.STAFF,
    name: str = "",
    phone: str = "",
    postcode: str = "",
):
    """Erase ``email`` from every source and what was derived from it, then check the
    database for every identifier of the person (``identifiers``)."""
    from search import forgetting

    email = normalise(email)
    counts = {}
    actor = user if user is not None and user.is_authenticated else None
    actor_is_subject = actor is not None and normalise(actor.email) == email
    found = identifiers(email, name=name, phone=phone, postcode=postcode)
    with transaction.atomic():
        for source in registry.sources():
            counts[source.name] = _erase_source(source, email, found)
        forget_in_logs(email, found)
    # After the commit (and outside any transaction, where VACUUM can run).
    transaction.on_commit(forgetting.forget_deleted_text)
    remaining = check(found)
    if remaining:
        logger.warning("Erasure left identifiers in %s", remaining)
    # A person erasing their own account is gone: record the request without them.
    return _record(
        email,
        DataSubjectRequest.Action.ERASE,
        user=None if actor_is_subject else actor,
        origin=origin,
        counts=counts,
        remaining=remaining,
    )


def _without(text: str, values) -> str:
    for value in sorted(values, key=len, reverse=True):
        text = re.sub(re.escape(value), "[erased]", text, flags=re.IGNORECASE)
    return text


def forget_in_logs(email: str, found: dict | None = None) -> None:
    """Log entries, explorer searches, public search terms and suggested themes' names
    that quote the person lose their identifiers and keep everything else."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    from search import forgetting
    from themes import review

    found = found or {"email": [normalise(email)]}
    values = [form for kind, items in found.items() for v in items for form in variants(kind, v)]
    for model in (ModelLogEntry, PageLogEntry):
        for value in values:
            for entry in model.objects.filter(label__icontains=value):
                entry.label = _without(entry.label, values)
                entry.save(update_fields=["label"])
    # Staff may have searched the feedback explorer, and the public the site, for
    # their name, number or address; in search terms a part of a name is enough.
    words = values + name_parts(found.get("name", ()))
    forgetting.forget_in_explorer_searches(words)
    forgetting.forget_public_search_terms(words)
    review.forget_words(name_parts(found.get("name", ())))
