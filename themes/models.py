"""Theme frames, themes, codings and theme suggestions.

Other apps (``reports``, ``search``) import from ``themes.models`` only:

- ``ThemeFrame``: the set of themes for one consultation or policy draft (the
  source-locale page); ``ThemeFrame.for_page(page)`` finds or makes it.
- ``Theme``: a theme in a frame, optionally under a parent (two levels at most).
- ``Coding``: one theme applied to one answer *or* one draft comment by an analyst
  (``pass_kind`` "primary"), or a second analyst's independent check ("check").
  ``Coding.objects.primary()`` are the codings a report counts.
- ``SuggestionRun`` / ``SuggestedTheme``: clusters proposed for a question's
  free-text answers, which an analyst accepts, renames, merges or discards.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

#: Colours given to new themes in turn (NHS.UK palette, readable on white).
PALETTE = [
    "#005eb8",
    "#007f3b",
    "#330072",
    "#ae2573",
    "#ed8b00",
    "#00a499",
    "#7c2855",
    "#41b6e6",
    "#da291c",
    "#425563",
]


def validate_hex_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Enter a colour as # and six hexadecimal digits, like #005eb8."), code="colour"
        )


def source_page(page):
    """The source-locale version of a page (the one responses and comments point at)."""
    from wagtail.models import Locale

    page = getattr(page, "page_ptr", page)
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    source = page.get_translations(inclusive=True).filter(locale=default).first()
    return source or page


class ThemeFrame(models.Model):
    """The themes used to code what was said about one consultation or draft."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("consultation or draft"),
        on_delete=models.CASCADE,
        related_name="theme_frames",
        help_text=_("The source-language page."),
    )
    name = models.CharField(_("name"), max_length=200)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("theme frame")
        verbose_name_plural = _("theme frames")
        constraints = [models.UniqueConstraint(fields=["page"], name="one_theme_frame_per_page")]

    def __str__(self):
        return self.name

    @classmethod
    def for_page(cls, page):
        """The frame of a page (any translation of it), made on first use."""
        page = source_page(page)
        frame, _created = cls.objects.get_or_create(
            page=page, defaults={"name": str(_("Themes: %(title)s") % {"title": page.title})[:200]}
        )
        return frame

    def top_level_themes(self):
        return self.themes.filter(parent__isnull=True).order_by("sort_order", "name")

    def ordered_themes(self):
        """Themes as a tree flattened: each parent followed by its children."""
        themes = list(self.themes.order_by("sort_order", "name"))
        children = {}
        for theme in themes:
            if theme.parent_id:
                children.setdefault(theme.parent_id, []).append(theme)
        ordered = []
        for theme in themes:
            if theme.parent_id is None:
                ordered.append(theme)
                ordered.extend(children.get(theme.pk, []))
        return ordered

    def next_colour(self):
        return PALETTE[self.themes.count() % len(PALETTE)]

    def copy_to(self, page, name=None):
        """Make (or fill) ``page``'s frame with this frame's themes, keeping the tree."""
        target = ThemeFrame.for_page(page)
        if target.pk == self.pk:
            return target
        if name:
            target.name = name
        target.copied_from = self
        target.save(update_fields=["name", "copied_from"])
        existing = set(target.themes.values_list("name", flat=True))
        mapping = {}
        for theme in self.ordered_themes():
            if theme.name in existing:
                mapping[theme.pk] = target.themes.get(name=theme.name)
                continue
            mapping[theme.pk] = Theme.objects.create(
                frame=target,
                name=theme.name,
                description=theme.description,
                parent=mapping.get(theme.parent_id),
                colour=theme.colour,
                sort_order=theme.sort_order,
                origin=Theme.Origin.MANUAL,
            )
        return target


class Origin(models.TextChoices):
    MANUAL = "manual", _("Added by an analyst")
    SUGGESTED = "suggested", _("Suggested by the system")


class Theme(models.Model):
    """A theme in a frame; a theme may sit under one parent (two levels at most)."""

    Origin = Origin

    frame = models.ForeignKey(
        ThemeFrame, verbose_name=_("frame"), on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent theme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    colour = models.CharField(
        _("colour"), max_length=7, default="#005eb8", validators=[validate_hex_colour]
    )
    sort_order = models.IntegerField(_("order"), default=0)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["frame", "sort_order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["frame", "name"], name="unique_theme_name_in_frame")
        ]

    def __str__(self):
        if self.parent_id:
            return f"{self.parent.name} › {self.name}"
        return self.name

    def save(self, *args, **kwargs):
        # The two-level rule holds however a theme is saved (forms, tasks, demo).
        if self.parent_id is not None:
            self.clean()
        validate_hex_colour(self.colour)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        parent = self.parent
        if self.pk and parent.pk == self.pk:
            raise ValidationError({"parent": _("A theme cannot be its own parent.")})
        if parent.frame_id != self.frame_id:
            raise ValidationError({"parent": _("The parent theme must be in the same frame.")})
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Themes go two levels deep at most: choose a top-level theme.")}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This theme has sub-themes, so it must stay at the top level.")}
            )


class CodingQuerySet(models.QuerySet):
    def primary(self):
        """The codings a report counts: the first analyst's, manual or accepted suggestions.

        Suggested codings not yet confirmed by a person are included (they were
        applied when an analyst accepted a suggested theme); they are the ones with
        ``origin="suggested"`` and ``confirmed_at`` null.
        """
        return self.filter(pass_kind=Coding.PassKind.PRIMARY)

    def checks(self):
        return self.filter(pass_kind=Coding.PassKind.CHECK)

    def unconfirmed_suggestions(self):
        return self.filter(origin=Origin.SUGGESTED, confirmed_at__isnull=True)

    def for_frame(self, frame):
        return self.filter(theme__frame=frame)


class Coding(models.Model):
    """One theme applied to one free-text answer or one draft comment."""

    class PassKind(models.TextChoices):
        PRIMARY = "primary", _("Coding")
        CHECK = "check", _("Second analyst's check")

    Origin = Origin

    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="codings"
    )
    answer = models.ForeignKey(
        "consultations.Answer",
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="codings",
    )
    comment = models.ForeignKey(
        "consultations.DraftComment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="codings",
    )
    coder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pass_kind = models.CharField(
        _("pass"), max_length=10, choices=PassKind.choices, default=PassKind.PRIMARY
    )
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    suggestion = models.ForeignKey(
        "themes.SuggestedTheme",
        verbose_name=_("from suggestion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="codings",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("coded"), default=timezone.now, db_index=True)

    objects = CodingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(answer__isnull=False, comment__isnull=True)
                    | Q(answer__isnull=True, comment__isnull=False)
                ),
                name="coding_answer_xor_comment",
            ),
            # NULLs are distinct in a unique index, so one constraint per kind of item.
            models.UniqueConstraint(
                fields=["theme", "answer", "pass_kind"],
                condition=Q(answer__isnull=False),
                name="unique_coding_per_answer",
            ),
            models.UniqueConstraint(
                fields=["theme", "comment", "pass_kind"],
                condition=Q(comment__isnull=False),
                name="unique_coding_per_comment",
            ),
        ]
        indexes = [models.Index(fields=["pass_kind", "theme"], name="coding_pass_theme_idx")]

    def __str__(self):
        item = f"answer {self.answer_id}" if self.answer_id else f"comment {self.comment_id}"
        return f"{self.theme} on {item}"

    @property
    def is_unconfirmed_suggestion(self):
        return self.origin == Origin.SUGGESTED and self.confirmed_at is None


class SuggestionRun(models.Model):
    """One clustering of a question's free-text answers into suggested themes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Method(models.TextChoices):
        EMBEDDINGS = "embeddings", _("Sentence embeddings")
        TFIDF = "tfidf", _("Word frequencies (TF-IDF)")

    frame = models.ForeignKey(ThemeFrame, on_delete=models.CASCADE, related_name="suggestion_runs")
    question_id = models.CharField(_("question block id"), max_length=64)
    question_label = models.CharField(_("question"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices, blank=True)
    requested_method = models.CharField(
        _("method asked for"), max_length=12, choices=Method.choices, blank=True
    )
    progress = models.PositiveIntegerField(_("answers processed"), default=0)
    total = models.PositiveIntegerField(_("answers"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)
    seconds = models.FloatField(_("time taken (seconds)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("theme suggestion run")
        verbose_name_plural = _("theme suggestion runs")

    def __str__(self):
        return f"Suggestions for {self.question_id} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stage_display(self):
        """The stage (or, when done, how the answers were read) in the user's language."""
        stages = {
            "starting": _("Starting"),
            "counting words": _("Counting words"),
            "embedding": _("Reading the answers with the language model"),
            "clustering": _("Grouping the answers"),
            "assigning the rest": _("Placing the remaining answers by their words"),
            "naming": _("Naming the groups"),
            "fallback:no-time": _(
                "There was not enough time to use the language model for this many "
                "answers, so word frequencies (TF-IDF) were used."
            ),
        }
        if self.stage in stages:
            return stages[self.stage]
        slow = re.match(r"^fallback:slow:(\d+):(\d+)$", self.stage)
        if slow:
            return _(
                "The language model read only %(count)s answers in %(seconds)s seconds, too "
                "slow on this server just now for a fair sample, so word frequencies "
                "(TF-IDF) were used."
            ) % {"count": slow[1], "seconds": slow[2]}
        counts = re.match(r"^(\d+) embedded, (\d+) placed by TF-IDF$", self.stage)
        if counts:
            return _(
                "%(embedded)s answers were read with the language model in the time "
                "allowed; the other %(placed)s were placed in the nearest group by their words."
            ) % {"embedded": counts[1], "placed": counts[2]}
        return self.stage

    @property
    def is_stalled(self):
        """Running for over half an hour: its worker most likely died."""
        return self.status == self.Status.RUNNING and timezone.now() - self.created_at > (
            timedelta(minutes=30)
        )

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.progress / self.total))


class SuggestedTheme(models.Model):
    """A cluster of answers proposed as a theme."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        MERGED = "merged", _("Merged into another suggestion")
        DISCARDED = "discarded", _("Discarded")

    run = models.ForeignKey(SuggestionRun, on_delete=models.CASCADE, related_name="suggestions")
    name = models.CharField(_("name"), max_length=120)
    terms = models.JSONField(_("distinctive terms"), default=list)
    size = models.PositiveIntegerField(_("answers"), default=0)
    member_answer_ids = models.JSONField(default=list)
    representative_ids = models.JSONField(default=list)
    centroid = models.JSONField(default=list, blank=True)
    typical_by_language = models.JSONField(
        _("most typical answer in each language"), default=dict, blank=True
    )
    languages = models.JSONField(_("answers in each language"), default=dict, blank=True)
    distinctness = models.FloatField(_("distinctness"), null=True, blank=True)
    nothing = models.BooleanField(_("answers with nothing to say"), default=False)
    from_frame = models.BooleanField(_("an existing theme of the frame"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["run", "sort_order", "-size"]
        verbose_name = _("suggested theme")
        verbose_name_plural = _("suggested themes")

    def __str__(self):
        return self.name


class CheckedItem(models.Model):
    """An item drawn for a second analyst's independent check of the coding.

    The check's codings are ``Coding`` rows with ``pass_kind="check"``; this row
    records that the item was drawn, and when it was checked (an item checked with
    no theme at all has no check codings, but still counts).
    """

    frame = models.ForeignKey(ThemeFrame, on_delete=models.CASCADE, related_name="checked_items")
    answer = models.ForeignKey(
        "consultations.Answer", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "consultations.DraftComment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    # The first coding as it stood when the check was made (its themes, and who coded
    # or confirmed them), so agreement compares two independent codings even after a
    # disagreement is settled, and a check by one of the first coders is never counted.
    first_theme_ids = models.JSONField(null=True, blank=True)
    first_coder_ids = models.JSONField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_theme_ids = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("item drawn for checking")
        verbose_name_plural = _("items drawn for checking")
        permissions = [
            ("settle_disagreement", _("Settle any disagreement between two analysts' coding")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(answer__isnull=False, comment__isnull=True)
                    | Q(answer__isnull=True, comment__isnull=False)
                ),
                name="checked_item_answer_xor_comment",
            ),
            models.UniqueConstraint(
                fields=["frame", "answer"],
                condition=Q(answer__isnull=False),
                name="unique_checked_answer",
            ),
            models.UniqueConstraint(
                fields=["frame", "comment"],
                condition=Q(comment__isnull=False),
                name="unique_checked_comment",
            ),
        ]

    def __str__(self):
        return f"check of {self.key}"

    @property
    def key(self):
        return f"a{self.answer_id}" if self.answer_id else f"c{self.comment_id}"


class AnswerVector(models.Model):
    """A free-text answer's sentence embedding, cached so analysis never re-encodes it.

    Computed by ``themes.tasks.embed_response`` after a response is submitted, or by
    ``themes.embeddings.answer_vectors`` for any answer still missing; ``text_hash``
    (of the normalised text) tells when the answer changed since.
    """

    answer = models.ForeignKey(
        "consultations.Answer", on_delete=models.CASCADE, related_name="vectors"
    )
    model = models.CharField(_("embedding model"), max_length=64)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField(_("vector (float32)"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer vector")
        verbose_name_plural = _("answer vectors")
        constraints = [
            models.UniqueConstraint(fields=["answer", "model"], name="unique_answer_vector"),
        ]

    def __str__(self):
        return f"{self.model} vector of answer {self.answer_id}"


class AssistSample(models.Model):
    """A sample of the coding assistant's confident suggestions that a person checked.

    Accepting the confident suggestions in bulk is only offered once a person has
    checked such a sample for the same frame and question; ``agreed`` of ``size``
    is shown beside the offer. ``items`` is a list of ``{"answer": id, "theme": id,
    "confidence": p, "agreed": true/false/null}``.
    """

    frame = models.ForeignKey(ThemeFrame, on_delete=models.CASCADE, related_name="assist_samples")
    question_id = models.CharField(_("question block id"), max_length=64, blank=True)
    threshold = models.FloatField(_("confidence threshold"))
    items = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    agreed = models.PositiveIntegerField(default=0)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    accepted = models.PositiveIntegerField(_("suggestions accepted in bulk"), default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("checked sample of suggestions")
        verbose_name_plural = _("checked samples of suggestions")

    def __str__(self):
        return f"sample of {self.size} suggestions ({self.frame_id})"

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.size if self.size and self.checked_at else None
