"""The submission index: what analysts search, derived from the database.

``SubmissionDocument`` is one searchable passage (a free-text answer or a draft
comment) with the filters copied onto it, so every backend can filter and facet
without joins. It never holds contact details: no names, email addresses or
postcodes, and nothing from equality monitoring. ``IndexedSource`` records which
version of each response or comment the index holds (the watermark the index-lag
figure and the sweeper read). ``ExplorerSearch`` logs who searched for what.

Other apps may read these models; only ``search.indexing`` writes them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin


class SubmissionDocumentQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class SubmissionDocument(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        ANSWER = "answer", _("Survey answer")
        COMMENT = "comment", _("Comment on a draft")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    response_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    comment_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    reference = models.CharField(_("reference"), max_length=32, blank=True)
    consultation_id = models.IntegerField(_("consultation"), db_index=True)
    question_id = models.CharField(_("question"), max_length=64, blank=True)
    area_id = models.IntegerField(_("area"), null=True, blank=True)
    respondent_type = models.CharField(_("responding as"), max_length=14, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    status = models.CharField(_("moderation status"), max_length=12, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    text = models.TextField(_("text"))
    # Stems of ``text`` in its own language, where the database can make them
    # (PostgreSQL); lets a query match another inflected form. See search/languages.py.
    stems = models.TextField(blank=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    objects = SubmissionDocumentQuerySet.as_manager()

    # Indexed by search.indexing after the commit (Celery), never by save signals.
    search_auto_update = False
    search_fields = [
        index.SearchField("text"),
        index.SearchField("stems"),
        index.FilterField("id"),  # the theme filter narrows to coded passages by id
        index.FilterField("kind"),
        index.FilterField("consultation_id"),
        index.FilterField("question_id"),
        index.FilterField("area_id"),
        index.FilterField("respondent_type"),
        index.FilterField("organisation"),
        index.FilterField("language"),
        index.FilterField("channel"),
        index.FilterField("status"),
        index.FilterField("submitted_at"),
    ]

    class Meta:
        verbose_name = _("indexed submission")
        verbose_name_plural = _("indexed submissions")
        indexes = [
            models.Index(fields=["consultation_id", "submitted_at"]),
            models.Index(fields=["area_id"]),
            models.Index(fields=["language"]),
        ]
        permissions = [
            ("explore_feedback", _("Can search, filter and export feedback (feedback explorer)"))
        ]

    def __str__(self):
        return f"{self.kind} {self.response_id or self.comment_id}"


class IndexedSource(models.Model):
    """The version of a response or draft comment the index holds."""

    class Kind(models.TextChoices):
        RESPONSE = "response", _("Response")
        COMMENT = "comment", _("Draft comment")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_id = models.BigIntegerField()
    source_version = models.DateTimeField()
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_id"], name="unique_indexed_source")
        ]
        verbose_name = _("indexed source")

    def __str__(self):
        return f"{self.kind} {self.source_id}"


class ExplorerSearch(models.Model):
    """One search made in the feedback explorer: who, what, when, how many results."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    query = models.CharField(_("query"), max_length=500, blank=True)
    filters = models.JSONField(_("filters"), default=dict)
    result_count = models.PositiveIntegerField(_("results"), default=0)
    exported = models.BooleanField(_("exported"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback explorer search")

    def __str__(self):
        return self.query
