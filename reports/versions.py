"""What staff do with report versions: build, sign off, redact, seed "you said, we did".

Views call these; they hold the rules (a signed-off version never changes, a build
runs after the commit in a Celery task, a redaction must come from a quote the
version shows).
"""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from consultations.disclosure import shown_count
from portal.dispatch import send_after_commit
from reports import building, quotes
from reports.models import FeedbackReport, FeedbackReportVersion, ManualRedaction

logger = logging.getLogger(__name__)

# A version still "being built" after this long was lost (dead broker or worker).
STUCK_AFTER = timedelta(minutes=15)

VIEW = "reports.view_feedbackreport"
BUILD = "reports.build_feedbackreport"
SIGN_OFF = "reports.sign_off"


class ReportError(Exception):
    """A request that breaks a rule; the message is shown to the person."""


def source_page(page):
    page = page.specific
    if hasattr(page, "source_page_for_comments"):
        return page.source_page_for_comments()
    return page.source_page


def report_for(page) -> FeedbackReport:
    report, _created = FeedbackReport.objects.get_or_create(page=source_page(page))
    return report


def request_build(page, user=None) -> FeedbackReportVersion:
    """A new version, "being built"; the Celery task fills it after the commit."""
    from reports.tasks import build_report_version

    with transaction.atomic():
        report = report_for(page)
        FeedbackReport.objects.select_for_update().filter(pk=report.pk).first()
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = FeedbackReportVersion.objects.create(
            report=report,
            number=number,
            requested_by=user,
            stage=_("Waiting to start"),
        )
        send_after_commit(build_report_version, version.pk)
    return version


def is_stuck(version) -> bool:
    return (
        version.status == FeedbackReportVersion.Status.BUILDING
        and version.requested_at < timezone.now() - STUCK_AFTER
    )


def restart(version) -> None:
    from reports.tasks import build_report_version

    if version.status not in (
        FeedbackReportVersion.Status.BUILDING,
        FeedbackReportVersion.Status.FAILED,
    ):
        raise ReportError(_("Only a version that is being built or failed can start again."))
    FeedbackReportVersion.objects.filter(pk=version.pk).update(
        status=FeedbackReportVersion.Status.BUILDING,
        requested_at=timezone.now(),
        progress=0,
        stage=_("Waiting to start"),
        error="",
    )
    send_after_commit(build_report_version, version.pk)


def report_language(version) -> str:
    """The language a report is written in: its page's (the source language), so its
    words, month names and numbers read the same wherever it was built or drawn."""
    data = getattr(version, "data", None) or {}
    return data.get("language") or version.report.page.locale.language_code


def build(version_id: int) -> FeedbackReportVersion:
    """Build the snapshot of a version that is being built (the task's body)."""
    version = FeedbackReportVersion.objects.select_related("report__page__locale").get(
        pk=version_id
    )
    if version.status != FeedbackReportVersion.Status.BUILDING:
        return version  # built already (a task delivered twice)
    queryset = FeedbackReportVersion.objects.filter(pk=version.pk)

    def progress(percent, stage):
        queryset.update(progress=percent, stage=str(stage)[:200])

    started = time.perf_counter()
    language = version.report.page.locale.language_code
    try:
        with translation.override(language):
            data, coded = building.build(version.report.page, progress)
        data["language"] = language
    except Exception as error:
        logger.exception("Building %s failed", version)
        queryset.update(
            status=FeedbackReportVersion.Status.FAILED, error=repr(error)[:2000], progress=0
        )
        raise
    seconds = time.perf_counter() - started
    queryset.filter(status=FeedbackReportVersion.Status.BUILDING).update(
        status=FeedbackReportVersion.Status.DRAFT,
        data=data,
        coded=coded,
        fingerprint=data["fingerprint"],
        built_at=timezone.now(),
        build_seconds=round(seconds, 3),
        progress=100,
        stage=_("Built"),
    )
    version.refresh_from_db()
    if version.status == FeedbackReportVersion.Status.DRAFT:
        from reports.tasks import draw_report_pdf

        # Drawn in the background so the first download does not wait for the charts.
        send_after_commit(draw_report_pdf, version.pk)
    return version


def data_changed(version) -> bool:
    """True when the database now says something this version does not."""
    if not version.is_ready:
        return False
    return building.fingerprint(version.report.page) != version.fingerprint


def sign_off(version, user) -> None:
    with transaction.atomic():
        locked = FeedbackReportVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != FeedbackReportVersion.Status.DRAFT:
            raise ReportError(_("Only a built draft version can be signed off."))
        locked.status = FeedbackReportVersion.Status.SIGNED_OFF
        locked.signed_off_by = user
        locked.signed_off_at = timezone.now()
        locked.save(update_fields=["status", "signed_off_by", "signed_off_at"])
    version.refresh_from_db()


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def _reindex(item, *, answer_id) -> None:
    """The submission index holds redacted text (``reports.quotes``): re-index the
    answer's response or the comment once the words removed are committed. A response
    is also marked changed, so the index sweeper catches it if the broker is down."""
    from consultations.models import Response
    from search.tasks import index_comment, index_response

    if answer_id:
        Response.objects.filter(pk=item.response_id).update(updated_at=timezone.now())
        send_after_commit(index_response, item.response_id)
    else:
        send_after_commit(index_comment, item.pk)


def add_manual_redaction(version, user, *, answer_id=None, comment_id=None, phrase="") -> str:
    """Remove ``phrase`` from one quote in every report from now on.

    A draft version shows the change at once; a signed-off version stays as it was
    presented (build a new version to carry the redaction).
    """
    from consultations.models import Answer, DraftComment

    phrase = re.sub(r"\s+", " ", phrase or "").strip()
    if len(phrase) < 2:
        raise ReportError(_("Enter the words to remove, as they appear in the quote."))
    shown = [
        quote
        for theme in version.data.get("themes", {}).get("items", [])
        for quote in theme.get("quotes", [])
        if (answer_id and quote.get("answer_id") == answer_id)
        or (comment_id and quote.get("comment_id") == comment_id)
    ]
    if not shown:
        raise ReportError(_("That quote is not in this version of the report."))
    if answer_id:
        item = Answer.objects.get(pk=answer_id)
        original = item.value_text
    else:
        item = DraftComment.objects.get(pk=comment_id)
        original = item.text
    if _normalise(phrase) not in _normalise(original) and _normalise(phrase) not in _normalise(
        shown[0]["text"]
    ):
        raise ReportError(_("Those words are not in the quote. Copy them from the quote."))
    with transaction.atomic():
        ManualRedaction.objects.create(
            answer_id=answer_id, comment_id=comment_id, phrase=phrase, made_by=user
        )
        # Every copy of the same text loses the words too (``quotes.manual_phrases``).
        answer_ids, comment_ids = quotes.same_text(original)
        answer_ids = sorted({*answer_ids, *([answer_id] if answer_id else [])})
        comment_ids = sorted({*comment_ids, *([comment_id] if comment_id else [])})
        copies = [
            *Answer.objects.filter(pk__in=answer_ids).only("pk", "response_id"),
            *DraftComment.objects.filter(pk__in=comment_ids).only("pk"),
        ]
        for copy in copies:
            _reindex(copy, answer_id=copy.pk if isinstance(copy, Answer) else None)
        locked = FeedbackReportVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != FeedbackReportVersion.Status.DRAFT:
            return _(
                "The words will be removed from the next version. This version is signed off "
                "and stays as it was presented."
            )
        texts = {
            ("answer", pk): text
            for pk, text in quotes.redacted_answers(
                Answer.objects.filter(pk__in=answer_ids).values_list(
                    "pk", "response_id", "value_text"
                )
            ).items()
        }
        texts.update(
            (("comment", pk), text)
            for pk, text in quotes.redacted_comments(
                DraftComment.objects.filter(pk__in=comment_ids).values_list(
                    "pk", "display_name", "text"
                )
            ).items()
        )

        def redacted(entry):
            if entry.get("answer_id"):
                return texts.get(("answer", entry["answer_id"]))
            return texts.get(("comment", entry.get("comment_id")))

        for entry in [
            *(
                quote
                for theme in locked.data.get("themes", {}).get("items", [])
                for quote in theme.get("quotes", [])
            ),
            *locked.coded,
        ]:
            text = redacted(entry)
            if text is not None:
                entry["text"] = text
        locked.pdf = None  # drawn again with the words removed
        locked.save(update_fields=["data", "coded", "pdf"])
    version.refresh_from_db()
    return _("The words were removed from the quote in this draft and in every later version.")


def seed_you_said_we_did(version, user):
    """Add a draft "you said" item per theme to the consultation's outcome page.

    Returns (page, items added). The items go into a new draft revision (made
    first if the page does not exist yet): nothing is published.
    """
    from consultations.models import OutcomeIndexPage, YouSaidWeDidPage

    if not version.is_signed_off:
        raise ReportError(_("Only a signed-off report can seed “you said, we did”."))
    source = version.report.page.specific
    page = YouSaidWeDidPage.objects.filter(consultation=source).first()
    themes = [t for t in version.data.get("themes", {}).get("items", []) if t["count"] > 0]
    if not themes:
        raise ReportError(_("This report has no themes to turn into “you said” items."))
    if page is None:
        parent = OutcomeIndexPage.objects.filter(locale_id=source.locale_id).first()
        if parent is None:
            raise ReportError(
                _("There is no outcomes index page to put a “you said, we did” page in.")
            )
        page = YouSaidWeDidPage(
            title=_("You said, we did: %(title)s") % {"title": source.title},
            slug=f"you-said-we-did-{source.slug}"[:80],
            consultation=source,
            intro=_("What we heard in %(title)s, and what we did about it.")
            % {"title": source.title},
            report_version=version,
            live=False,
        )
        parent.add_child(instance=page)
        draft = page
    else:
        draft = page.get_latest_revision_as_object()
    items = list(draft.items.raw_data)
    existing = {(item.get("value") or {}).get("theme", "") for item in items}
    added = 0
    noun = version.data.get("noun", "")
    for theme in themes:
        if theme["name"] in existing:
            continue
        said = theme["description"] or theme["name"]
        items.append(
            {
                "type": "item",
                "value": {
                    "you_said": _("%(said)s (mentioned in %(count)s %(noun)s)")
                    % {"said": said, "count": shown_count(theme["count"]), "noun": noun},
                    "we_did": "",
                    "status": "in_progress",
                    "reason": "",
                    "theme": theme["name"][:200],
                },
            }
        )
        added += 1
    draft.items = items
    draft.report_version = version  # its headline numbers are this version's
    draft.save_revision(user=user, clean=False, log_action=True)
    return page, added
