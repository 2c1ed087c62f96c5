from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerOrganisation(models.Model):
    """A Healthwatch, patient group or voluntary organisation that responds for its members.

    Staff link a person's account to their organisation once they have checked it;
    members then see the organisation's past responses.
    """

    class Kind(models.TextChoices):
        HEALTHWATCH = "healthwatch", _("Healthwatch")
        PATIENT_GROUP = "patient_group", _("Patient participation group")
        VOLUNTARY = "voluntary", _("Voluntary or community organisation")
        PROFESSIONAL = "professional", _("Professional body")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    people_represented = models.PositiveIntegerField(
        _("people it speaks for"), null=True, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """Everyone who signs in: staff in the Wagtail admin, the public and partner groups.

    Email is the login identifier (django-allauth), so it is unique.
    """

    email = models.EmailField(_("email address"), unique=True)
    organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text=_("Set by staff once they have checked the person works for it."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def has_admin_access(self) -> bool:
        """Staff: anyone who can use the Wagtail admin, through a role group, a permission
        of their own, ``is_staff`` or ``is_superuser`` (roles never set ``is_staff``)."""
        return self.is_staff or self.is_superuser or self.has_perm("wagtailadmin.access_admin")
