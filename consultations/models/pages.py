from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from consultations.admin_panels import FixedStepsPanel
from consultations.blocks import DocumentLinkBlock, SurveyStreamBlock
from consultations.survey_checks import SurveyPageForm
from portal.api import AreaSerializer, TopicSerializer
from portal.blocks import ContentStreamBlock


def survey_edit_handler(content_panels):
    """Editor tabs for a page with a survey: content, survey, promote, settings."""
    return TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList([FixedStepsPanel(), FieldPanel("survey")], heading=_("Survey")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(
                [*Page.settings_panels, FieldPanel("retention_months")], heading=_("Settings")
            ),
        ]
    )


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    OUTCOME_PUBLISHED = "outcome", _("Outcome published")


class SurveyPage(RoutablePageMixin, Page):
    """A page people can respond to: the survey, its dates and the response journey.

    Responses always point at the source-language page, so every translation
    counts towards the same consultation.
    """

    intro = models.TextField(
        _("summary"), help_text=_("What this is about, in one or two plain-English sentences.")
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("UK time. Leave empty to open at once.")
    )
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("UK time. Leave empty to never close.")
    )
    survey = StreamField(SurveyStreamBlock(), blank=True, verbose_name=_("survey"))
    other_ways_to_respond = RichTextField(
        _("other ways to respond"),
        blank=True,
        features=["bold", "link", "ul"],
        help_text=_("Address, email, phone number, events."),
    )
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        features=["bold", "link", "ul"],
        help_text=_("How we use what people tell us in this survey."),
    )
    confirmation_text = RichTextField(
        _("what happens next"),
        blank=True,
        features=["bold", "link", "ul"],
        help_text=_("Shown after someone submits, and when the survey is closed."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep personal data for (months after closing)"), default=12
    )

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    base_form_class = SurveyPageForm
    dates_panel = MultiFieldPanel(
        [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
        heading=_("When people can respond"),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The closing date must be after the opening date.")}
            )

    # --- status -------------------------------------------------------------
    def status_at(self, moment=None) -> str:
        """Dates decide whether people can respond; a published outcome only names
        a closed consultation ("outcome published"): an interim outcome never closes
        one early."""
        moment = moment or timezone.now()
        if self.opens_at and moment < self.opens_at:
            return Status.UPCOMING
        if self.closes_at and moment >= self.closes_at:
            return Status.OUTCOME_PUBLISHED if self.has_outcome else Status.CLOSED
        return Status.OPEN

    @property
    def status(self) -> str:
        return self.status_at()

    def get_status_display(self):
        return Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @cached_property
    def outcome_page(self):
        """The published "you said, we did" page, in the current language where translated."""
        from consultations.models import YouSaidWeDidPage

        outcome = (
            YouSaidWeDidPage.objects.live()
            .public()
            .filter(consultation_id=self.source_page.pk)
            .first()
        )
        return outcome.localized.specific if outcome is not None else None

    @property
    def has_outcome(self) -> bool:
        """True once a "you said, we did" page for this consultation is published."""
        return self.outcome_page is not None

    # --- the respond journey (views in consultations/views.py) -------------------
    @path("respond/", name="respond")
    def respond_start(self, request):
        from consultations import views

        return views.start(request, self)

    @path("respond/step/<int:number>/", name="respond_step")
    def respond_step(self, request, number):
        from consultations import views

        return views.step(request, self, number)

    @path("respond/your-details/", name="respond_details")
    def respond_details(self, request):
        from consultations import views

        return views.your_details(request, self)

    @path("respond/check/", name="respond_check")
    def respond_check(self, request):
        from consultations import views

        return views.check(request, self)

    @path("respond/done/", name="respond_done")
    def respond_done(self, request):
        from consultations import views

        return views.done(request, self)

    @path("respond/your-answers/", name="respond_your_answers")
    def respond_your_answers(self, request):
        from consultations import views

        return views.your_answers(request, self)

    @path("respond/your-answers/text/", name="respond_your_answers_text")
    def respond_your_answers_text(self, request):
        from consultations import views

        return views.your_answers_text(request, self)

    @path("respond/save/", name="respond_save")
    def respond_save(self, request):
        from consultations import views

        return views.save_and_return(request, self)

    @path("resume/<str:token>/", name="respond_resume")
    def respond_resume(self, request, token):
        from consultations import views

        return views.resume(request, self, token)

    # --- survey -------------------------------------------------------------
    @cached_property
    def source_page(self):
        """The page in the source language, which responses point at."""
        source = self.get_translations(inclusive=True).filter(alias_of__isnull=True)
        from wagtail.models import Locale

        default = Locale.get_default()
        return (source.filter(locale=default).first() or self).specific

    @cached_property
    def survey_definition(self):
        from consultations.survey import SurveyDefinition

        return SurveyDefinition.from_page(self)

    @cached_property
    def minutes_to_complete(self) -> int:
        """A rough estimate from the survey's questions (``consultations.timing``)."""
        from consultations.timing import minutes_to_complete

        return minutes_to_complete(self.survey_definition)


class ConsultationIndexPage(RoutablePageMixin, Page):
    """Lists consultations by status, filterable by area and topic, with an Atom feed."""

    intro = models.TextField(_("summary"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = [
        "consultations.ConsultationPage",
        "consultations.FeedbackPage",
        "consultations.PolicyDraftPage",
    ]
    template = "consultations/consultation_index_page.html"

    class Meta:
        verbose_name = _("consultation index page")

    def consultations(self):
        """Consultations here and in the boroughs' sections (a borough's editors run
        theirs under its area page), in this language."""
        return (
            ConsultationPage.objects.descendant_of(self.get_parent())
            .live()
            .public()
            .specific()
            .order_by("-closes_at")
        )

    def policy_drafts(self):
        """Live drafts under this index, those still taking comments first."""
        from consultations.models.drafts import PolicyDraftPage

        drafts = PolicyDraftPage.objects.child_of(self).live().public().specific()
        return sorted(drafts, key=lambda d: (not d.comments_open, d.title.casefold()))

    @path("policy-drafts/", name="policy_drafts")
    def policy_drafts_view(self, request):
        """Every policy draft in this language: the drafts have no listing of their own."""
        from django.template.response import TemplateResponse

        drafts = self.policy_drafts()
        trail = [*self.get_ancestors().filter(depth__gt=1), self]
        return TemplateResponse(
            request,
            "consultations/policy_draft_index.html",
            {
                "page": self,
                "self": self,
                "drafts": drafts,
                "grouped": [
                    (_("Open for comments"), [d for d in drafts if d.comments_open]),
                    (_("Closed for comments"), [d for d in drafts if not d.comments_open]),
                ],
                "breadcrumb_items": [
                    {"title": p.title, "url": p.get_url(request=request)} for p in trail
                ],
            },
        )

    @path("feed/", name="feed")
    def feed(self, request):
        from consultations.feeds import ConsultationFeed

        return ConsultationFeed(self)(request)

    def get_context(self, request, *args, **kwargs):
        from portal.models import Area, Topic

        context = super().get_context(request, *args, **kwargs)
        pages = self.consultations()
        area = request.GET.get("area", "")
        topic = request.GET.get("topic", "")
        if area:
            pages = pages.filter(areas__slug=area)
        if topic:
            pages = pages.filter(topics__slug=topic)
        by_status = {status: [] for status in Status.values}
        for page in pages.distinct():
            by_status[page.status].append(page)
        context.update(
            groups=[
                {"status": status, "label": Status(status).label, "pages": by_status[status]}
                for status in (
                    Status.OPEN,
                    Status.UPCOMING,
                    Status.CLOSED,
                    Status.OUTCOME_PUBLISHED,
                )
            ],
            areas=Area.objects.all(),
            topics=Topic.objects.filter(locale=self.locale),
            selected_area=area,
            selected_topic=topic,
            drafts_url=self.get_url(request=request) + self.reverse_subpage("policy_drafts"),
            drafts_open=sum(1 for draft in self.policy_drafts() if draft.comments_open),
        )
        return context


class ConsultationPage(SurveyPage):
    """A public consultation with its survey, documents and outcome."""

    areas = ParentalManyToManyField("portal.Area", blank=True, verbose_name=_("areas"))
    topics = ParentalManyToManyField("portal.Topic", blank=True, verbose_name=_("topics"))
    documents = StreamField(
        [("document", DocumentLinkBlock())], blank=True, verbose_name=_("documents")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        SurveyPage.dates_panel,
        FieldPanel("body"),
        FieldPanel("documents"),
        FieldPanel("other_ways_to_respond"),
        FieldPanel("privacy_notice"),
        FieldPanel("confirmation_text"),
        MultiFieldPanel([FieldPanel("areas"), FieldPanel("topics")], heading=_("Filing")),
    ]
    edit_handler = survey_edit_handler(content_panels)

    # Under a borough's area page its editors may add one (privacy/roles.py).
    parent_page_types = ["consultations.ConsultationIndexPage", "portal.AreaPage"]
    subpage_types: list[str] = []
    template = "consultations/consultation_page.html"

    # Open data (Wagtail API v2, search/api.py): what anyone can ask for with ?fields=.
    api_fields = [
        APIField("status"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("intro"),
        APIField("areas", serializer=AreaSerializer(many=True, read_only=True)),
        APIField("topics", serializer=TopicSerializer(many=True, read_only=True)),
    ]

    class Meta:
        verbose_name = _("consultation")

    @property
    def has_easy_read(self) -> bool:
        """Whether an Easy Read version is among the documents (otherwise the page
        offers a way to ask for one)."""
        return any(block.value["kind"] == "easy_read" for block in self.documents)


class FeedbackPage(SurveyPage):
    """A standing "share your feedback" form about a service; usually never closes."""

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        SurveyPage.dates_panel,
        FieldPanel("body"),
        FixedStepsPanel(),
        FieldPanel("survey"),
        FieldPanel("other_ways_to_respond"),
        FieldPanel("privacy_notice"),
        FieldPanel("confirmation_text"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("retention_months")]
    parent_page_types = ["consultations.ConsultationIndexPage", "portal.HomePage"]
    subpage_types: list[str] = []
    template = "consultations/consultation_page.html"

    class Meta:
        verbose_name = _("feedback page")
