from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """Who runs this site: shown in the header and footer of every page."""

    class Phase(models.TextChoices):
        ALPHA = "alpha", _("Alpha")
        BETA = "beta", _("Beta")
        LIVE = "live", _("Live (no banner)")

    organisation_name = models.CharField(
        _("organisation name"), max_length=150, default="NHS North West London"
    )
    organisation_descriptor = models.CharField(
        _("organisation descriptor"),
        max_length=150,
        blank=True,
        help_text=_("Shown under the name, e.g. 'Integrated Care Board'."),
    )
    # The default is translated on the page (the header and title use {% translate %}),
    # so a site that keeps it shows "Have your say" in each visitor's language.
    service_name = models.CharField(
        _("service name"), max_length=100, default=gettext_noop("Have your say")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    privacy_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_statement_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.BETA)
    retention_months = models.PositiveSmallIntegerField(
        _("keep personal data for (months)"),
        default=12,
        help_text=_(
            "How long after a consultation closes its responses keep their personal data "
            "(new consultations start with this; each can change it). Also used for "
            "comments on policy drafts."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_descriptor"),
                FieldPanel("service_name"),
                FieldPanel("phase"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Contact")
        ),
        PageChooserPanel("privacy_notice_page"),
        PageChooserPanel("accessibility_statement_page"),
        FieldPanel("retention_months", heading=_("Personal data")),
    ]

    class Meta:
        verbose_name = _("portal settings")
