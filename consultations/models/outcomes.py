"""'You said, we did': what a commissioner decided after listening, and why."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index


class YouSaidWeDidItemBlock(blocks.StructBlock):
    you_said = blocks.TextBlock(label=_("You said"))
    we_did = blocks.TextBlock(label=_("We did"))
    status = blocks.ChoiceBlock(
        choices=[
            ("done", _("Done")),
            ("in_progress", _("In progress")),
            ("not_taken_forward", _("Not taken forward")),
        ],
        default="done",
        label=_("Status"),
    )
    reason = blocks.TextBlock(
        required=False,
        label=_("Reason"),
        help_text=_("Required when the suggestion was not taken forward."),
    )
    theme = blocks.CharBlock(required=False, max_length=200, label=_("Theme"))

    class Meta:
        icon = "list-ul"
        label = _("You said, we did")
        template = "consultations/blocks/you_said_we_did_item.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks.struct_block import StructBlockValidationError

        value = super().clean(value)
        if value["status"] == "not_taken_forward" and not value["reason"].strip():
            raise StructBlockValidationError(
                block_errors={"reason": ValidationError(_("Say why this was not taken forward."))}
            )
        return value


class OutcomeIndexPage(Page):
    """Every "you said, we did" page, filterable by area and topic."""

    intro = models.TextField(_("summary"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["consultations.YouSaidWeDidPage"]
    template = "consultations/outcome_index_page.html"

    class Meta:
        verbose_name = _("outcomes index page")

    def get_context(self, request, *args, **kwargs):
        from portal.models import Area, Topic

        context = super().get_context(request, *args, **kwargs)
        outcomes = YouSaidWeDidPage.objects.child_of(self).live().public().specific()
        area, topic = request.GET.get("area", ""), request.GET.get("topic", "")
        if area:
            outcomes = outcomes.filter(areas__slug=area)
        if topic:
            outcomes = outcomes.filter(topics__slug=topic)
        context.update(
            outcomes=outcomes.distinct().order_by("-decision_date", "-first_published_at"),
            areas=Area.objects.all(),
            topics=Topic.objects.filter(locale=self.locale),
            selected_area=area,
            selected_topic=topic,
        )
        return context


class YouSaidWeDidPage(Page):
    """The outcome of a consultation or policy draft, with numbers from the database."""

    consultation = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("consultation or policy draft"),
        null=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    report_version = models.ForeignKey(
        "reports.FeedbackReportVersion",
        verbose_name=_("signed-off feedback report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcome_pages",
        limit_choices_to={"status": "signed_off"},
        help_text=_(
            "The headline numbers are this report's, as signed off. Set when the page is "
            "started from a report."
        ),
    )
    intro = models.TextField(_("summary"))
    items = StreamField(
        [("item", YouSaidWeDidItemBlock())], blank=True, verbose_name=_("you said, we did")
    )
    decision_body = models.CharField(
        _("decided by"), max_length=200, blank=True, help_text=_("e.g. the governing body")
    )
    decision_date = models.DateField(_("meeting date"), null=True, blank=True)
    decision_paper_url = models.URLField(_("link to the board paper"), blank=True)
    areas = ParentalManyToManyField("portal.Area", blank=True, verbose_name=_("areas"))
    topics = ParentalManyToManyField("portal.Topic", blank=True, verbose_name=_("topics"))

    content_panels = [
        *Page.content_panels,
        PageChooserPanel(
            "consultation", ["consultations.ConsultationPage", "consultations.PolicyDraftPage"]
        ),
        FieldPanel("report_version"),
        FieldPanel("intro"),
        FieldPanel("items"),
        FieldPanel("decision_body"),
        FieldPanel("decision_date"),
        FieldPanel("decision_paper_url"),
        FieldPanel("areas"),
        FieldPanel("topics"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("items")]
    parent_page_types = ["consultations.OutcomeIndexPage"]
    subpage_types: list[str] = []
    template = "consultations/you_said_we_did_page.html"

    class Meta:
        verbose_name = _("you said, we did page")

    def get_context(self, request, *args, **kwargs):
        from consultations.outcomes import headline_numbers

        context = super().get_context(request, *args, **kwargs)
        context["numbers"] = (
            headline_numbers(self.consultation, self.signed_off_report())
            if self.consultation
            else None
        )
        return context

    def signed_off_report(self):
        """The signed-off report version the figures come from (None: counted live)."""
        version = self.report_version
        if version is None and self.pk:
            source = self.get_translation_or_none(self.locale.get_default()) or self
            version = source.specific.report_version if source.pk != self.pk else None
        return version if version is not None and version.is_signed_off else None
