"""The built-in sources of personal data, registered with ``privacy.registry``.

Each finds rows by email address (ignoring case), and also through the account
when the address is the account's (or one of its allauth addresses). Each also says
which names, phone numbers and postcodes its rows hold (``identifiers``), so an
erasure removes them from free text and the closing check looks for all of them.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy import anonymise, audit, registry
from privacy.models import AnonymisedResponse, ConsentRecord


def plain(value):
    """A JSON-ready form of a field value."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def as_dict(instance: models.Model, exclude=()) -> dict:
    """Every concrete field of ``instance`` (foreign keys as ids), JSON-ready."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        data[field.attname] = plain(getattr(instance, field.attname))
    return data


def verified_addresses(user) -> list[str]:
    """The account's addresses proven by a link sent to them (allauth), lower case."""
    from allauth.account.models import EmailAddress

    return sorted(
        {
            e.lower()
            for e in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
    )


def users_for(email: str):
    """Accounts whose email, or one of whose verified addresses, is ``email``.

    An unverified address proves nothing: anyone can add someone else's to their
    account, so it never links that account to the person.
    """
    User = get_user_model()
    return User.objects.filter(
        Q(email__iexact=email) | Q(emailaddress__email__iexact=email, emailaddress__verified=True)
    ).distinct()


def _names(identifiers) -> list[str]:
    """The person's names among the identifiers ``privacy.dsr.erase`` gathered."""
    return list((identifiers or {}).get("name", ()))


# --- survey responses ---------------------------------------------------------------
class ResponsesSource:
    name = "responses"
    label = _("Survey responses")

    def queryset(self, email):
        from consultations.models import Response

        return (
            Response.objects.filter(Q(contact__email__iexact=email) | Q(user__in=users_for(email)))
            .exclude(pk__in=AnonymisedResponse.objects.values("response_id"))
            .distinct()
            .select_related("consultation")
        )

    def owned(self, user):
        """Responses made while signed in to this account: proven to be the person's.
        (A contact address typed on the form proves nothing: anyone can type it.)"""
        from consultations.models import Response

        return (
            Response.objects.filter(user=user)
            .exclude(pk__in=AnonymisedResponse.objects.values("response_id"))
            .select_related("consultation")
        )

    def find(self, email, *, rows=None):
        rows = self.queryset(email) if rows is None else rows
        return [
            registry.Found(
                source=self.name,
                kind=str(_("Response")),
                pk=r.pk,
                summary=f"{r.reference}: {r.consultation.title} ({r.get_status_display()})",
                when=r.submitted_at or r.created_at,
            )
            for r in rows.order_by("created_at")
        ]

    def _answers(self, response) -> list[dict]:
        page = response.consultation.specific
        definition = getattr(page, "survey_definition", None)
        rows = []
        for answer in response.answers.order_by("pk"):
            question = definition.question(answer.question_id) if definition else None
            row = as_dict(answer, exclude=("response",))
            row["question"] = question.text if question else ""
            if question and answer.option_id:
                row["option"] = question.option_label(answer.option_id)
            rows.append(row)
        return rows

    def export(self, email, *, rows=None):
        from consultations.models import EqualityMonitoring, ResponseContact

        rows = self.queryset(email) if rows is None else rows
        items = []
        for response in rows.order_by("created_at"):
            item = as_dict(response, exclude=("content_hash",))
            item["consultation_title"] = response.consultation.title
            item["answers"] = self._answers(response)
            contact = ResponseContact.objects.filter(response=response).first()
            item["contact"] = as_dict(contact, exclude=("response",)) if contact else None
            equality = EqualityMonitoring.objects.filter(response=response).first()
            item["equality_monitoring"] = (
                as_dict(equality, exclude=("response",)) if equality else None
            )
            item["consent"] = [
                as_dict(c, exclude=("kind", "source_id"))
                for c in ConsentRecord.objects.filter(
                    kind=ConsentRecord.Kind.RESPONSE, source_id=response.pk
                )
            ]
            items.append(item)
        return items

    def identifiers(self, email):
        from consultations.models import ResponseContact

        contacts = ResponseContact.objects.filter(response__in=self.queryset(email))
        return {
            "name": list(contacts.values_list("name", flat=True)),
            "postcode": list(contacts.values_list("postcode", flat=True)),
        }

    def erase(self, email, identifiers=None):
        ids = list(self.queryset(email).values_list("pk", flat=True))
        if ids:
            anonymise.anonymise_responses(
                ids,
                reason=AnonymisedResponse.Reason.ERASURE,
                extra_names=[email, *_names(identifiers)],
            )
        return len(ids)


# --- comments on policy drafts -----------------------------------------------------
class CommentsSource:
    name = "comments"
    label = _("Comments on policy drafts")

    def queryset(self, email):
        from consultations.models import DraftComment

        return DraftComment.objects.filter(email__iexact=email).select_related("version__page")

    def owned(self, user):
        """None: a comment is made without an account, under an address anyone can type."""
        from consultations.models import DraftComment

        return DraftComment.objects.none()

    def find(self, email, *, rows=None):
        rows = self.queryset(email) if rows is None else rows
        return [
            registry.Found(
                source=self.name,
                kind=str(_("Comment")),
                pk=c.pk,
                summary=f"C-{c.pk}: {c.version.page.title} ({c.get_status_display()})",
                when=c.created_at,
            )
            for c in rows
        ]

    def export(self, email, *, rows=None):
        rows = self.queryset(email) if rows is None else rows
        items = []
        for comment in rows:
            item = as_dict(comment, exclude=("content_hash", "moderated_by"))
            item["draft_title"] = comment.version.page.title
            item["version"] = comment.version.label
            section = comment.version.section(comment.section_id) if comment.section_id else None
            item["section_heading"] = section["heading"] if section else ""
            items.append(item)
        return items

    def erase(self, email, identifiers=None):
        ids = list(self.queryset(email).values_list("pk", flat=True))
        if not ids:
            return 0
        # The name shown on a comment may be short ("Priya S"): the person's full names
        # from their other records are removed from its text too.
        return anonymise.anonymise_comments(
            ids,
            reason=AnonymisedResponse.Reason.ERASURE,
            extra_names=[email, *_names(identifiers)],
        )


# --- Citizens' Panel -----------------------------------------------------------------
class PanelSource:
    name = "panel"
    label = _("Citizens' Panel membership")

    def queryset(self, email):
        from citizens_panel.models import Member

        return Member.objects.filter(Q(email__iexact=email) | Q(user__in=users_for(email))).exclude(
            status=Member.Status.LEFT
        )

    def owned(self, user):
        """Membership linked to this account, or joined online under one of its verified
        addresses and confirmed through the link emailed to that address."""
        from citizens_panel.models import Member

        confirmed = Q(pk__in=[])
        for address in verified_addresses(user):
            confirmed |= Q(email__iexact=address)
        confirmed &= Q(channel=Member.Channel.ONLINE, confirmed_at__isnull=False)
        return Member.objects.filter(Q(user=user) | confirmed).exclude(status=Member.Status.LEFT)

    def find(self, email, *, rows=None):
        rows = self.queryset(email) if rows is None else rows
        return [
            registry.Found(
                source=self.name,
                kind=str(_("Panel member")),
                pk=m.pk,
                summary=f"{m.get_status_display()}, {m.area or '-'}",
                when=m.created_at,
            )
            for m in rows
        ]

    def export(self, email, *, rows=None):
        rows = self.queryset(email) if rows is None else rows
        items = []
        for member in rows.select_related("area"):
            item = as_dict(member)
            item["area_name"] = member.area.name if member.area else ""
            item["invitations"] = [
                {
                    "survey": inv.sample.survey.title,
                    "sent_at": plain(inv.sent_at),
                    "used_at": plain(inv.used_at),
                    "reminder_sent_at": plain(inv.reminder_sent_at),
                    "response_id": inv.response_id,
                }
                for inv in member.invitations.select_related("sample__survey")
            ]
            items.append(item)
        return items

    def identifiers(self, email):
        members = self.queryset(email)
        return {
            "name": list(members.values_list("name", flat=True)),
            "phone": list(members.values_list("phone", flat=True)),
            "postcode": list(members.values_list("postcode", flat=True)),
        }

    def erase(self, email, identifiers=None):
        from citizens_panel import membership

        done = 0
        for member in list(self.queryset(email)):
            account = member.user
            membership.leave(member)  # also deletes a public account
            audit.forget_in_logs(member)
            if account is not None:
                audit.forget_in_logs(account)
            done += 1
        return done


# --- event sign-ups (only once the events app has its model) -----------------------
def event_signup_model():
    try:
        from events.models import EventSignup
    except ImportError:
        return None
    return EventSignup


class EventSignupsSource:
    name = "events"
    label = _("Event sign-ups")

    def queryset(self, email):
        model = event_signup_model()
        manager = model._default_manager
        by_email = (
            manager.for_email(email)
            if hasattr(manager, "for_email")
            else manager.filter(email__iexact=email)
        )
        return manager.filter(
            Q(pk__in=by_email.values("pk"))
            | Q(user__in=users_for(email))
            | Q(member__email__iexact=email)
        ).distinct()

    def owned(self, user):
        """Sign-ups made while signed in, or by this account's panel membership."""
        manager = event_signup_model()._default_manager
        return manager.filter(Q(user=user) | Q(member__user=user)).distinct()

    def find(self, email, *, rows=None):
        rows = self.queryset(email) if rows is None else rows
        return [
            registry.Found(
                source=self.name,
                kind=str(_("Event sign-up")),
                pk=s.pk,
                summary=f"{s.event.title} ({s.get_status_display()})",
                when=s.created_at,
            )
            for s in rows.select_related("event")
        ]

    def export(self, email, *, rows=None):
        rows = self.queryset(email) if rows is None else rows
        items = []
        for signup in rows.select_related("event"):
            item = as_dict(signup, exclude=("token",))
            item["event_title"] = signup.event.title
            items.append(item)
        return items

    def identifiers(self, email):
        signups = self.queryset(email)
        return {
            "name": list(signups.values_list("name", flat=True)),
            "phone": list(signups.values_list("phone", flat=True)),
        }

    def erase(self, email, identifiers=None):
        """Cancel the place (freeing it for the waiting list) and blank the personal fields."""
        model = event_signup_model()
        done = 0
        for signup in list(self.queryset(email).select_related("event")):
            if callable(getattr(signup, "erase", None)):
                signup.erase()
                done += 1
                continue
            freed = signup.status != model.Status.CANCELLED
            if freed:
                signup.status = model.Status.CANCELLED
                signup.cancelled_at = timezone.now()
            for name in getattr(model, "PERSONAL_FIELDS", ("name", "email", "phone")):
                setattr(signup, name, "")
            signup.access_needs = []
            signup.user = None
            signup.member = None
            signup.save()
            audit.forget_in_logs(signup)
            if freed:
                _fill_free_places(signup.event)
            done += 1
        return done


def _fill_free_places(event) -> None:
    """Offer a freed place to the waiting list, if the events app can."""
    try:
        from events.signups import capacity_changed
    except ImportError:
        return
    if event.starts_at and event.starts_at > timezone.now():
        capacity_changed(event)


# --- the account -----------------------------------------------------------------------
class AccountSource:
    name = "account"
    label = _("Account")

    def owned(self, user):
        return get_user_model().objects.filter(pk=user.pk)

    def find(self, email, *, rows=None):
        rows = users_for(email) if rows is None else rows
        return [
            registry.Found(
                source=self.name,
                kind=str(_("Staff account")) if u.has_admin_access else str(_("Account")),
                pk=u.pk,
                summary=u.get_username(),
                when=u.date_joined,
            )
            for u in rows
        ]

    def export(self, email, *, rows=None):
        from allauth.account.models import EmailAddress

        rows = users_for(email) if rows is None else rows
        items = []
        for user in rows.select_related("organisation"):
            items.append(
                {
                    "id": user.pk,
                    "username": user.get_username(),
                    "email": user.email,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "date_joined": plain(user.date_joined),
                    "last_login": plain(user.last_login),
                    "is_staff": user.has_admin_access,
                    "organisation": user.organisation.name if user.organisation else "",
                    "groups": sorted(user.groups.values_list("name", flat=True)),
                    "email_addresses": [
                        {"id": a.pk, "email": a.email, "verified": a.verified, "primary": a.primary}
                        for a in EmailAddress.objects.filter(user=user)
                    ],
                    "two_step_verification": sorted(
                        user.authenticator_set.values_list("type", flat=True)
                    ),
                }
            )
        return items

    def identifiers(self, email):
        return {"name": [u.get_full_name() for u in users_for(email)]}

    def erase(self, email, identifiers=None):
        """Delete public accounts; staff accounts are kept (disable them in the admin).

        The address, never verified, on someone else's account goes too.
        """
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(email__iexact=email, verified=False).delete()
        done = 0
        for user in list(users_for(email)):
            if user.has_admin_access:
                continue
            audit.forget_in_logs(user)
            user.delete()
            done += 1
        return done


registry.register(ResponsesSource())
registry.register(CommentsSource())
registry.register(PanelSource())
if event_signup_model() is not None:
    registry.register(EventSignupsSource())
registry.register(AccountSource())
