from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import ContentStreamBlock


class BasePage(Page):
    """Fields every public page has: a plain-English summary and a body."""

    intro = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two plain-English sentences shown under the title and in listings."),
    )
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    """The front page of one language's site."""

    template = "portal/home_page.html"
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.StandardPage",
        "portal.AreaPage",
        "consultations.ConsultationIndexPage",
        "consultations.FeedbackPage",
        "consultations.OutcomeIndexPage",
        "citizens_panel.PanelSurveyPage",
        "events.EventIndexPage",
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from portal import navigation

        context["areas"] = AreaPage.objects.child_of(self).live().public()
        context["sections"] = navigation.sections(request)
        context["open_now"] = navigation.open_consultations()
        return context

    class Meta:
        verbose_name = _("home page")


class StandardPage(BasePage):
    """A content page: about us, privacy notice, accessibility statement, guidance."""

    template = "portal/standard_page.html"
    subpage_types = ["portal.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class AreaPage(BasePage):
    """A borough's section of the site; its editors group may edit only this subtree."""

    area = models.ForeignKey(
        "portal.Area",
        verbose_name=_("area"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    template = "portal/area_page.html"
    parent_page_types = ["portal.HomePage"]
    # The borough's own consultations and events live here, edited by its editors and
    # listed with everyone else's on the consultations and events pages.
    subpage_types = ["portal.StandardPage", "consultations.ConsultationPage", "events.EventPage"]
    content_panels = [*BasePage.content_panels, FieldPanel("area")]

    class Meta:
        verbose_name = _("area page")

    def get_context(self, request, *args, **kwargs):
        """What is happening in this area: open consultations, events and outcomes."""
        from portal import navigation

        context = super().get_context(request, *args, **kwargs)
        area = self.area
        context.update(
            sections=navigation.sections(request),
            open_now=navigation.open_consultations(area) if area else [],
            events=navigation.upcoming_events(area) if area else [],
            outcomes=navigation.published_outcomes(area) if area else [],
        )
        return context
