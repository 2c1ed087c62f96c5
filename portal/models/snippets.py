from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin


class Area(models.Model):
    """A borough or place the commissioner serves, identified by its ONS code.

    Areas are geography, not prose: one row serves every language, so answers given
    on any translation count towards the same area.
    """

    class Kind(models.TextChoices):
        BOROUGH = "borough", _("Borough")
        PLACE = "place", _("Place")
        SYSTEM = "system", _("Whole system")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    ons_code = models.CharField(
        _("ONS code"),
        max_length=9,
        blank=True,
        help_text=_(
            "Local authority code from the Office for National Statistics, e.g. E09000005."
        ),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BOROUGH)
    description = models.TextField(_("description"), blank=True)
    postcode_districts = models.TextField(
        _("postcode districts"),
        blank=True,
        help_text=_(
            "Outward codes wholly inside this area, separated by spaces (e.g. 'HA1 HA2'). "
            "Used to file a response by the respondent's postcode."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return self.name


class Topic(TranslatableMixin, models.Model):
    """A health or service topic, used to file and filter consultations."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]

    def __str__(self):
        return self.name
