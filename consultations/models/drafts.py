"""Policy drafts people comment on, section by section, version by version.

Each published version of a draft is frozen in a ``DraftVersion`` (its label and
its sections as they were), so a comment made on section 3 of version 1 stays on
section 3 of version 1 whatever the draft becomes; the page can show any earlier
version and what changed since.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from consultations.blocks import DocumentLinkBlock


class DraftSectionBlock(blocks.StructBlock):
    """A numbered section of a draft; its block id identifies it across versions."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    body = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3", "h4"], label=_("Text")
    )

    class Meta:
        icon = "doc-full"
        label = _("Section")


class PolicyDraftPage(RoutablePageMixin, Page):
    """A draft policy open for comment ("sense check"), in numbered sections."""

    class Moderation(models.TextChoices):
        PRE = "pre", _("Pre-moderated: comments appear once approved")
        POST = "post", _("Post-moderated: comments appear at once, moderators can hide them")

    intro = models.TextField(_("summary"))
    version_label = models.CharField(
        _("version"),
        max_length=50,
        default="1",
        help_text=_(
            "Change this when you publish a new version; comments stay with their version."
        ),
    )
    sections = StreamField(
        [("section", DraftSectionBlock())], verbose_name=_("sections"), blank=True
    )
    comments_open_at = models.DateTimeField(_("comments open"), null=True, blank=True)
    comments_close_at = models.DateTimeField(_("comments close"), null=True, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.PRE
    )
    related_consultation = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    documents = StreamField(
        [("document", DocumentLinkBlock())], blank=True, verbose_name=_("documents")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("version_label"),
        FieldPanel("sections"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("comments_open_at"), FieldPanel("comments_close_at")]),
                FieldPanel("moderation"),
            ],
            heading=_("Comments"),
        ),
        FieldPanel("related_consultation"),
        FieldPanel("documents"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("sections")]
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types: list[str] = []
    template = "consultations/policy_draft_page.html"

    class Meta:
        verbose_name = _("policy draft")

    @property
    def comments_open(self) -> bool:
        now = timezone.now()
        if self.comments_open_at and now < self.comments_open_at:
            return False
        return not (self.comments_close_at and now >= self.comments_close_at)

    @property
    def comments_have_closed(self) -> bool:
        return bool(self.comments_close_at and timezone.now() >= self.comments_close_at)

    def source_page_for_comments(self):
        from wagtail.models import Locale

        return (
            self.get_translations(inclusive=True).filter(locale=Locale.get_default()).first()
            or self
        ).specific

    # --- routes (views in consultations/draft_views.py) ----------------------
    @path("version/<int:number>/", name="draft_version")
    def version_view(self, request, number):
        from consultations import draft_views

        return draft_views.version(request, self, number)

    @path("changes/<int:number>/", name="draft_changes")
    def changes_view(self, request, number):
        from consultations import draft_views

        return draft_views.changes(request, self, number)

    @path("comment/", name="draft_comment")
    def comment_view(self, request):
        from consultations import draft_views

        return draft_views.comment(request, self)

    def get_context(self, request, *args, **kwargs):
        from consultations import draft_views

        context = super().get_context(request, *args, **kwargs)
        context.update(draft_views.page_context(request, self))
        return context


class DraftVersion(models.Model):
    """One published version of a draft, frozen as it was published."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="draft_versions"
    )
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("version"), max_length=50)
    sections = models.JSONField(
        _("sections"), default=list, help_text=_("[{id, heading, body}] as published.")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["page", "number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="unique_draft_version_number")
        ]
        verbose_name = _("draft version")

    def __str__(self):
        return f"{self.page_id} v{self.label}"

    def section(self, section_id: str) -> dict | None:
        return next((s for s in self.sections if s["id"] == section_id), None)

    def section_number(self, section_id: str) -> int | None:
        for number, section in enumerate(self.sections, start=1):
            if section["id"] == section_id:
                return number
        return None


class DraftComment(models.Model):
    """A comment on a section of a draft version (or on the whole draft)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden by a moderator")

    class RespondentType(models.TextChoices):
        INDIVIDUAL = "individual", _("An individual")
        ORGANISATION = "organisation", _("On behalf of an organisation")
        PROFESSIONAL = "professional", _("On behalf of a professional body")

    version = models.ForeignKey(DraftVersion, on_delete=models.PROTECT, related_name="comments")
    section_id = models.CharField(
        _("section"), max_length=64, blank=True, help_text=_("Empty: about the whole draft.")
    )
    text = models.TextField(_("comment"))
    language = models.CharField(_("language"), max_length=10, default="en")
    respondent_type = models.CharField(
        _("commenting as"),
        max_length=14,
        choices=RespondentType.choices,
        default=RespondentType.INDIVIDUAL,
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    display_name = models.CharField(_("name shown with the comment"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    moderation_reason = models.CharField(_("reason"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    email = models.EmailField(
        _("email address"), blank=True, help_text=_("Personal data: never shown or indexed.")
    )
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("draft comment")
        verbose_name_plural = _("draft comments")
        permissions = [("moderate_draftcomment", _("Can moderate comments on drafts"))]

    def __str__(self):
        return f"Comment {self.pk} on {self.version}"
