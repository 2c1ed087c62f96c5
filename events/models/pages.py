from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from events.choices import Audience, EventType, Format
from portal.api import AreaSerializer
from portal.blocks import ContentStreamBlock


class EventIndexPage(RoutablePageMixin, Page):
    """Lists upcoming and past events, filterable by area and type, with an iCalendar feed."""

    intro = models.TextField(_("summary"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["events.EventPage"]
    template = "events/event_index_page.html"

    class Meta:
        verbose_name = _("events index page")

    def events(self):
        """Events here and in the boroughs' sections (under their area pages)."""
        return EventPage.objects.descendant_of(self.get_parent()).live().public().specific()

    @path("calendar/", name="feed")
    def feed(self, request):
        from events.views import calendar_feed

        return calendar_feed(request, self)

    def get_context(self, request, *args, **kwargs):
        from portal.models import Area

        context = super().get_context(request, *args, **kwargs)
        events = self.events()
        area = request.GET.get("area", "")
        kind = request.GET.get("type", "")
        if area:
            events = events.filter(area__slug=area)
        if kind in EventType.values:
            events = events.filter(event_type=kind)
        now = timezone.now()
        context.update(
            upcoming=list(events.filter(ends_at__gte=now).order_by("starts_at")),
            past=list(events.filter(ends_at__lt=now).order_by("-starts_at")[:50]),
            areas=Area.objects.all(),
            types=EventType.choices,
            selected_area=area,
            selected_type=kind,
        )
        return context


class EventPage(RoutablePageMixin, Page):
    """A focus group, meeting in public, workshop or drop-in that people sign up for.

    Sign-ups point at the source-language page, so every translation fills the
    same places. The online link is never rendered on this page: only confirmed
    attendees get it (their emails and their own sign-up page).
    """

    event_type = models.CharField(
        _("type of event"), max_length=20, choices=EventType.choices, default=EventType.FOCUS_GROUP
    )
    intro = models.TextField(_("summary"), help_text=_("What it is about, in plain English."))
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))
    starts_at = models.DateTimeField(_("starts"), help_text=_("UK time."))
    ends_at = models.DateTimeField(_("ends"), help_text=_("UK time."))
    format = models.CharField(
        _("in person or online"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    venue_accessibility = models.TextField(
        _("accessibility of the venue"),
        blank=True,
        help_text=_("Step-free access, toilets, hearing loop, parking, nearest station."),
    )
    online_link = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Only people with a confirmed place see it, in their emails."),
    )
    area = models.ForeignKey(
        "portal.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    capacity = models.PositiveIntegerField(_("places"), default=12)
    signup_opens_at = models.DateTimeField(
        _("sign-up opens"), null=True, blank=True, help_text=_("Leave empty to open at once.")
    )
    signup_closes_at = models.DateTimeField(
        _("sign-up closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close at the start."),
    )
    audience = models.CharField(
        _("who can sign up"), max_length=10, choices=Audience.choices, default=Audience.OPEN
    )
    panel_areas = ParentalManyToManyField(
        "portal.Area",
        blank=True,
        related_name="+",
        verbose_name=_("panel members living in"),
        help_text=_("For panel events: leave empty for panel members in every area."),
    )
    languages = models.TextField(
        _("languages and interpreting"),
        blank=True,
        help_text=_("For example: held in English, with Arabic and Somali interpreters."),
    )
    related_consultation = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(_("why it was cancelled"), blank=True, editable=False)

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("event_type"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])], heading=_("When")
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("venue_accessibility"),
                FieldPanel("online_link"),
                FieldPanel("area"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("signup_opens_at"), FieldPanel("signup_closes_at")]),
                FieldPanel("audience"),
                FieldPanel("panel_areas"),
                FieldPanel("languages"),
            ],
            heading=_("Sign-up"),
        ),
        FieldPanel("body"),
        PageChooserPanel("related_consultation", "consultations.ConsultationPage"),
    ]
    # Under a borough's area page its editors may add one (privacy/roles.py).
    parent_page_types = ["events.EventIndexPage", "portal.AreaPage"]
    subpage_types: list[str] = []
    template = "events/event_page.html"

    # Open data (Wagtail API v2, search/api.py). Never the online link or who signed up.
    api_fields = [
        APIField("event_type"),
        APIField("intro"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("format"),
        APIField("venue_name"),
        APIField("venue_address"),
        APIField("area", serializer=AreaSerializer(read_only=True)),
        APIField("capacity"),
        APIField("places_left", serializer=serializers.IntegerField(read_only=True)),
        APIField("is_cancelled", serializer=serializers.BooleanField(read_only=True)),
    ]

    class Meta:
        verbose_name = _("event")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})
        if self.format == Format.ONLINE and not self.online_link:
            raise ValidationError({"online_link": _("Give the link for an online event.")})

    # --- source page and state ----------------------------------------------------
    @cached_property
    def source_page(self):
        """The page in the default language, which sign-ups point at."""
        pages = self.get_translations(inclusive=True).filter(alias_of__isnull=True)
        return (pages.filter(locale=Locale.get_default()).first() or self).specific

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.source_page.cancelled_at is not None

    def signup_state(self, moment=None) -> str:
        """'open', 'not_yet', 'closed' or 'cancelled'."""
        moment = moment or timezone.now()
        source = self.source_page
        if source.cancelled_at is not None:
            return "cancelled"
        if source.signup_opens_at and moment < source.signup_opens_at:
            return "not_yet"
        closes = source.signup_closes_at or source.starts_at
        if moment >= closes:
            return "closed"
        return "open"

    @property
    def confirmed_count(self) -> int:
        return self.source_page.signups.confirmed().count()

    @property
    def places_left(self) -> int:
        return max(0, self.source_page.capacity - self.confirmed_count)

    @property
    def waiting_count(self) -> int:
        return self.source_page.signups.waiting().count()

    def get_context(self, request, *args, **kwargs):
        from consultations.disclosure import shown_count
        from events.signups import session_invitation

        context = super().get_context(request, *args, **kwargs)
        # By invitation only: the sign-up button shows only to a browser that came in
        # through an invitation link.
        context["invited"] = session_invitation(request, self) is not None
        consultation = self.source_page.related_consultation
        attended = self.source_page.signups.filter(attendance="attended").count()
        context.update(
            state=self.signup_state(),
            places_left=self.places_left,
            participation=shown_count(attended) if self.is_past and attended else "",
            consultation=consultation.specific.localized
            if consultation is not None and consultation.live
            else None,
        )
        return context

    # --- routes (views in events/views.py) -----------------------------------------
    @path("sign-up/", name="signup")
    def signup_route(self, request):
        from events import views

        return views.signup(request, self)

    @path("sign-up/check-your-email/", name="signup_sent")
    def signup_sent_route(self, request):
        from events import views

        return views.signup_sent(request, self)

    @path("invitation/<str:token>/", name="invitation")
    def invitation_route(self, request, token):
        from events import views

        return views.use_invitation(request, self, token)

    @path("calendar/", name="ics")
    def ics_route(self, request):
        from events import views

        return views.event_ics(request, self)
