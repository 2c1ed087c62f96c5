import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from citizens_panel import choices
from consultations.equality import high_level_ethnic_group


class MemberQuerySet(models.QuerySet):
    def current(self):
        """Confirmed members who have not left (active or paused)."""
        return self.filter(status__in=[Member.Status.ACTIVE, Member.Status.PAUSED])

    def active(self):
        return self.filter(status=Member.Status.ACTIVE)


class Member(models.Model):
    """A person on the Citizens' Panel, with their contact details and profile.

    Everything on this row except the status, dates and recruitment channel is
    personal data: ``erase()`` blanks it when the person leaves, and only the
    anonymised ``LeaverTally`` keeps a count.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left (personal data erased)")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Joined online")
        OFFLINE = "offline", _("Recruited offline by staff")
        IMPORT = "import", _("Imported from a list")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    channel = models.CharField(
        _("recruited"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="panel_member",
    )
    # --- contact details -----------------------------------------------------
    name = models.CharField(_("full name"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True, db_index=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    area = models.ForeignKey(
        "portal.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="panel_members",
    )
    language = models.CharField(_("site language"), max_length=10, default="en")
    # --- profile (special-category data; needs consent) ----------------------
    age_band = models.CharField(_("age"), max_length=20, blank=True, choices=choices.AGE_BANDS)
    sex = models.CharField(_("sex"), max_length=20, blank=True, choices=choices.SEX)
    gender_identity = models.CharField(
        _("gender same as sex registered at birth"),
        max_length=20,
        blank=True,
        choices=choices.GENDER_IDENTITY,
    )
    ethnic_group = models.CharField(
        _("ethnic group"), max_length=40, blank=True, choices=choices.ETHNIC_GROUPS
    )
    disability = models.CharField(
        _("disability"), max_length=20, blank=True, choices=choices.DISABILITY
    )
    long_term_condition = models.CharField(
        _("long-term condition"), max_length=20, blank=True, choices=choices.YES_NO_PREFER
    )
    carer = models.CharField(_("carer"), max_length=20, blank=True, choices=choices.CARER)
    main_language = models.CharField(
        _("main language"), max_length=20, blank=True, choices=choices.MAIN_LANGUAGES
    )
    religion = models.CharField(_("religion"), max_length=20, blank=True, choices=choices.RELIGION)
    sexual_orientation = models.CharField(
        _("sexual orientation"), max_length=20, blank=True, choices=choices.SEXUAL_ORIENTATION
    )
    ways_to_take_part = models.JSONField(_("ways to take part"), default=list, blank=True)
    access_needs = models.TextField(_("access needs"), blank=True)
    consent_wording = models.TextField(_("consent wording shown"), blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    # --- dates ------------------------------------------------------------------
    created_at = models.DateTimeField(_("signed up"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    # When an emailed "manage your membership" link was last used: every link issued
    # before then stops working (citizens_panel.membership.use_manage_token).
    manage_link_used_at = models.DateTimeField(_("manage link last used"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by (staff)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MemberQuerySet.as_manager()

    PERSONAL_FIELDS = (
        "name",
        "email",
        "phone",
        "postcode",
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
        "access_needs",
        "consent_wording",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        permissions = [("view_representativeness", _("Can see the panel's representativeness"))]
        indexes = [models.Index(fields=["status", "area"])]

    def __str__(self):
        if self.status == self.Status.LEFT:
            return str(_("Former member %(id)s") % {"id": self.pk})
        return self.name or self.email or str(_("Member %(id)s") % {"id": self.pk})

    def save(self, *args, **kwargs):
        if self.postcode and self.area_id is None:
            from consultations import postcodes

            self.postcode = postcodes.normalise(self.postcode) or self.postcode
            self.area = postcodes.area_for(self.postcode)
        super().save(*args, **kwargs)

    @property
    def high_level_ethnic_group(self) -> str:
        return high_level_ethnic_group(self.ethnic_group)

    def characteristic(self, name: str) -> str:
        """The member's category for a benchmarked characteristic, '' when unknown."""
        if name == "area":
            return str(self.area_id or "")
        if name == "ethnic_group":
            return self.high_level_ethnic_group
        value = getattr(self, name)
        return "" if value in choices.UNKNOWN_VALUES else value


class LeaverTally(models.Model):
    """Anonymised count of people who left the panel, by area and month."""

    area = models.ForeignKey(
        "portal.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("people who left"), default=0)

    class Meta:
        verbose_name = _("leaver tally")
        verbose_name_plural = _("leaver tallies")
        constraints = [
            models.UniqueConstraint(fields=["area", "month"], name="unique_leaver_tally")
        ]

    def __str__(self):
        return f"{self.area or '-'} {self.month:%Y-%m}: {self.count}"
