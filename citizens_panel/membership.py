"""Joining, confirming, pausing and leaving the panel; testable without HTTP.

Joining creates a *pending* member and emails a confirmation link (double opt-in).
The link carries a hex token (the member's uuid and an HMAC of it). Confirming
makes the member active and links them to an account (created if needed, email
verified) so they can manage their membership; only a verified address links an
account, and an account made with the address by someone who never verified it is
reclaimed for the member (``account_for``). Pending sign-ups older than
``PANEL_UNCONFIRMED_DAYS`` are deleted by a beat job. Leaving blanks every
personal field on the member row, deletes a public account, and keeps only an
anonymised count in ``LeaverTally``.

Members manage their membership without a password: confirming, or an emailed
"manage" link (signed, time-limited and single-use: ``manage_token``), lets that
browser manage that one membership for a while (``citizens_panel.views``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from citizens_panel import choices
from citizens_panel.models import LeaverTally, Member
from consultations import postcodes
from portal.dispatch import send_after_commit

CONFIRM_SALT = "citizens_panel.confirm"
PROFILE_FIELDS = [
    "age_band",
    "sex",
    "gender_identity",
    "ethnic_group",
    "disability",
    "long_term_condition",
    "carer",
    "main_language",
    "religion",
    "sexual_orientation",
]


def unconfirmed_days() -> int:
    return getattr(settings, "PANEL_UNCONFIRMED_DAYS", 7)


# --- tokens ----------------------------------------------------------------------
def _mac(uuid_hex: str) -> str:
    return salted_hmac(CONFIRM_SALT, uuid_hex, algorithm="sha256").hexdigest()[:40]


def confirmation_token(member: Member) -> str:
    return f"{member.uuid.hex}{_mac(member.uuid.hex)}"


def member_from_confirmation_token(token: str) -> Member | None:
    uuid_hex, mac = token[:32], token[32:]
    if len(uuid_hex) != 32 or not constant_time_compare(mac, _mac(uuid_hex)):
        return None
    return Member.objects.filter(uuid=uuid_hex).exclude(status=Member.Status.LEFT).first()


# A "manage your membership" link: signed (Django's signing, its own salt), time-limited
# (``PANEL_MANAGE_LINK_HOURS``) and single-use: it names the last time a link was used,
# and using one moves that time on, so every earlier link stops working.
MANAGE_SALT = "citizens_panel.manage"


def manage_link_hours() -> int:
    return getattr(settings, "PANEL_MANAGE_LINK_HOURS", 24)


def _link_stamp(member: Member) -> str:
    return member.manage_link_used_at.isoformat() if member.manage_link_used_at else ""


def manage_token(member: Member) -> str:
    return signing.dumps([member.uuid.hex, _link_stamp(member)], salt=MANAGE_SALT)


def _manage_token_claims(token: str) -> tuple[str, str] | None:
    if not token or len(token) > 200:
        return None
    try:
        uuid_hex, stamp = signing.loads(
            token, salt=MANAGE_SALT, max_age=timedelta(hours=manage_link_hours())
        )
    except (signing.BadSignature, ValueError, TypeError):  # SignatureExpired included
        return None
    return str(uuid_hex), str(stamp)


def member_from_manage_token(token: str) -> Member | None:
    """The current member a manage link is for, while it is unused and in date."""
    claims = _manage_token_claims(token)
    if claims is None:
        return None
    member = Member.objects.current().filter(uuid=claims[0]).first()
    if member is None or not constant_time_compare(_link_stamp(member), claims[1]):
        return None
    return member


def use_manage_token(token: str) -> Member | None:
    """Use a manage link, once: the member, or None if it is not (or no longer) valid."""
    claims = _manage_token_claims(token)
    if claims is None:
        return None
    with transaction.atomic():
        member = Member.objects.current().select_for_update().filter(uuid=claims[0]).first()
        if member is None or not constant_time_compare(_link_stamp(member), claims[1]):
            return None
        member.manage_link_used_at = timezone.now()
        member.save(update_fields=["manage_link_used_at"])
    return member


def send_manage_link(email: str, *, language: str = "en", base: str = "") -> bool:
    """Email a manage link to the current member with this address, if there is one."""
    from citizens_panel.tasks import send_manage_link_email

    member = Member.objects.current().filter(email__iexact=email.strip()).first()
    if member is None:
        return False
    send_after_commit(send_manage_link_email, member.pk, language, base)
    return True


# --- joining ---------------------------------------------------------------------
def apply_details(member: Member, data: dict) -> None:
    """Copy contact details and profile answers from cleaned form data onto the member."""
    for name in ("name", "email", "phone", "access_needs", *PROFILE_FIELDS):
        if name in data:
            setattr(member, name, data[name] or "")
    if "ways_to_take_part" in data:
        member.ways_to_take_part = list(data["ways_to_take_part"] or [])
    if "postcode" in data:
        member.postcode = postcodes.normalise(data["postcode"] or "") or ""
        member.area = postcodes.area_for(member.postcode)


def join(data: dict, *, language: str = "en", user=None) -> Member:
    """A pending member; the confirmation email is sent after commit."""
    from citizens_panel.tasks import send_confirmation_email

    with transaction.atomic():
        member = Member(language=language, channel=Member.Channel.ONLINE)
        apply_details(member, data)
        member.consent_wording = str(choices.CONSENT_WORDING)
        member.consented_at = timezone.now()
        if (
            user is not None
            and user.is_authenticated
            and not hasattr(user, "panel_member")
            and owns_address(user, member.email)
        ):
            member.user = user  # otherwise linked when the address's owner confirms
        member.save()
        send_after_commit(send_confirmation_email, member.pk)
    return member


def add_offline(data: dict, *, entered_by=None, channel=Member.Channel.OFFLINE) -> Member:
    """A member recruited by staff (paper form, phone, event): active at once."""
    member = Member(channel=channel, entered_by=entered_by, status=Member.Status.ACTIVE)
    apply_details(member, data)
    member.confirmed_at = timezone.now()
    if data.get("consent"):
        member.consent_wording = str(data.get("consent_wording") or choices.CONSENT_WORDING)
        member.consented_at = timezone.now()
    member.save()
    return member


def owns_address(user, email: str) -> bool:
    """True when ``user`` has verified ``email`` (only a verified address links accounts)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _reclaim(user, email: str) -> None:
    """Hand an account nobody verified to the person who has just proved the address.

    Whoever made it (perhaps someone else, with a password of their choosing) loses
    every way in: the password becomes unusable (which also ends its sessions, as
    Django checks each session against the password hash), other addresses and any
    authenticator app go. The owner chooses a password through the emailed reset link.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).delete()
    Authenticator.objects.filter(user=user).delete()


def account_for(member: Member):
    """The member's account, once they have proved their address by the emailed link.

    An account whose owner verified the same address is theirs and is linked. An
    account made with the address but never verified is reclaimed for the member
    (``_reclaim``), unless it reaches the admin, which is left alone and not linked
    (None). With no account, one is created with the address verified.
    """
    from allauth.account.models import EmailAddress

    if member.user_id:
        return member.user
    verified = (
        EmailAddress.objects.filter(email__iexact=member.email, verified=True)
        .select_related("user")
        .first()
    )
    if verified is not None:
        return verified.user
    User = get_user_model()
    user = User.objects.filter(email__iexact=member.email).first()
    if user is None:
        user = User(username=f"panel-{member.uuid.hex[:20]}", email=member.email)
        user.set_unusable_password()
        user.save()
    elif user.has_admin_access:
        return None
    else:
        _reclaim(user, member.email)
    address = EmailAddress.objects.filter(user=user, email__iexact=member.email).first()
    if address is None:
        address = EmailAddress(user=user, email=user.email)
    address.verified = address.primary = True
    address.save()
    return user


def confirm(member: Member) -> Member:
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status == Member.Status.PENDING:
            member.status = Member.Status.ACTIVE
            member.confirmed_at = timezone.now()
        if member.email and member.user_id is None:
            user = account_for(member)
            if user is not None and (
                not hasattr(user, "panel_member") or user.panel_member.pk == member.pk
            ):
                member.user = user
        member.save()
    return member


# --- managing -----------------------------------------------------------------------
def pause(member: Member) -> None:
    if member.status == Member.Status.ACTIVE:
        member.status = Member.Status.PAUSED
        member.paused_at = timezone.now()
        member.save(update_fields=["status", "paused_at"])


def resume(member: Member) -> None:
    if member.status == Member.Status.PAUSED:
        member.status = Member.Status.ACTIVE
        member.paused_at = None
        member.save(update_fields=["status", "paused_at"])


def leave(member: Member) -> None:
    """Erase the member's personal data; keep an anonymised count by area and month."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status == Member.Status.LEFT:
            return
        now = timezone.now()
        tally, _created = LeaverTally.objects.get_or_create(
            area=member.area, month=now.date().replace(day=1)
        )
        LeaverTally.objects.filter(pk=tally.pk).update(count=F("count") + 1)
        user = member.user
        for name in Member.PERSONAL_FIELDS:
            setattr(member, name, "")
        member.ways_to_take_part = []
        member.consented_at = None
        member.area = None
        member.user = None
        member.entered_by = None
        member.status = Member.Status.LEFT
        member.left_at = now
        member.save()
        if user is not None and not user.has_admin_access:
            user.delete()  # their email lives on the account and its allauth addresses


def expire_unconfirmed(now=None) -> int:
    """Delete sign-ups never confirmed within ``PANEL_UNCONFIRMED_DAYS``; how many."""
    cutoff = (now or timezone.now()) - timedelta(days=unconfirmed_days())
    deleted, _rows = Member.objects.filter(
        status=Member.Status.PENDING, created_at__lt=cutoff
    ).delete()
    return deleted
