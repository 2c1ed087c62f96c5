"""Choices shared by the events models, forms and emails."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    FOCUS_GROUP = "focus_group", _("Focus group")
    PUBLIC_MEETING = "public_meeting", _("Meeting in public")
    WORKSHOP = "workshop", _("Workshop")
    DROP_IN = "drop_in", _("Drop-in")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Audience(models.TextChoices):
    OPEN = "open", _("Open to everyone")
    PANEL = "panel", _("Citizens' Panel members (matching the criteria)")
    INVITE = "invite", _("By invitation only")


ACCESS_NEEDS = [
    ("step_free", _("Step-free access")),
    ("bsl", _("British Sign Language (BSL) interpreter")),
    ("hearing_loop", _("Hearing loop")),
    ("language", _("Interpreter for another language")),
    ("dietary", _("Dietary needs")),
    ("other", _("Something else")),
]

CONSENT_WORDING = _(
    "I agree that the NHS may keep my name, contact details and access needs to arrange "
    "this event and contact me about it. You can cancel at any time with the link in our emails."
)
