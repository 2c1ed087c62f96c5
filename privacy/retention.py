"""The retention job: anonymise responses and comments kept past their period.

A consultation's responses are kept ``retention_months`` after it closes (set
on each consultation; new ones start with the site's default from
``PortalSettings.retention_months``). A consultation that never closes keeps
each response that many months after it was submitted. Comments on a policy
draft follow the site default, counted from when comments closed (or from each
comment, if they never close).

Past that, a submitted response loses its contact details and equality answers
and its free text is redacted (``privacy.anonymise``); responses never submitted
or withdrawn are deleted. Search terms are kept for their own periods: feedback
explorer searches ``EXPLORER_SEARCH_RETENTION_DAYS``, public site search terms
``WAGTAILSEARCH_HITS_MAX_AGE`` days (``search.forgetting``). Each real run is
recorded in ``RetentionRun`` and in the audit log; ``dry_run=True`` only counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from consultations.models import DraftComment, EqualityMonitoring, Response, ResponseContact
from privacy import anonymise
from privacy.models import AnonymisedComment, AnonymisedResponse, RetentionRun

DEFAULT_MONTHS = 12
BATCH = 200


def add_months(moment, months: int):
    from dateutil.relativedelta import relativedelta

    return moment + relativedelta(months=months)


def site_default_months() -> int:
    from portal.models import PortalSettings

    value = (
        PortalSettings.objects.filter(site__is_default_site=True)
        .values_list("retention_months", flat=True)
        .first()
    )
    return value or DEFAULT_MONTHS


@dataclass
class Plan:
    """What is due on one consultation or draft."""

    page_id: int
    title: str
    months: int
    responses: list[int] = field(default_factory=list)
    comments: list[int] = field(default_factory=list)


def _response_plans(now, default_months) -> list[Plan]:
    pending = Response.objects.exclude(pk__in=AnonymisedResponse.objects.values("response_id"))
    page_ids = pending.values_list("consultation_id", flat=True).distinct()
    plans = []
    for page in Page.objects.filter(pk__in=list(page_ids)).specific():
        months = getattr(page, "retention_months", None) or default_months
        closes_at = getattr(page, "closes_at", None)
        mine = pending.filter(consultation_id=page.pk)
        if closes_at is not None:
            if now < add_months(closes_at, months):
                continue
        else:
            cutoff = add_months(now, -months)
            mine = mine.filter(
                Q(submitted_at__lt=cutoff) | Q(submitted_at__isnull=True, created_at__lt=cutoff)
            )
        ids = list(mine.order_by("pk").values_list("pk", flat=True))
        if ids:
            plans.append(Plan(page.pk, page.title, months, responses=ids))
    return plans


def _comment_plans(now, default_months) -> list[Plan]:
    pending = DraftComment.objects.exclude(pk__in=AnonymisedComment.objects.values("comment_id"))
    page_ids = pending.values_list("version__page_id", flat=True).distinct()
    plans = []
    for page in Page.objects.filter(pk__in=list(page_ids)).specific():
        closes_at = getattr(page, "comments_close_at", None)
        mine = pending.filter(version__page_id=page.pk)
        if closes_at is not None:
            if now < add_months(closes_at, default_months):
                continue
        else:
            mine = mine.filter(created_at__lt=add_months(now, -default_months))
        ids = list(mine.order_by("pk").values_list("pk", flat=True))
        if ids:
            plans.append(Plan(page.pk, page.title, default_months, comments=ids))
    return plans


def due(now=None) -> list[Plan]:
    """Consultations and drafts with something past its retention period."""
    now = now or timezone.now()
    default_months = site_default_months()
    return _response_plans(now, default_months) + _comment_plans(now, default_months)


def _count_response_plan(ids) -> Counter:
    counts = Counter()
    statuses = Counter(Response.objects.filter(pk__in=ids).values_list("status", flat=True))
    deleted = statuses[Response.Status.DRAFT] + statuses[Response.Status.WITHDRAWN]
    counts["responses_deleted"] += deleted
    counts["responses_anonymised"] += len(ids) - deleted
    counts["contacts"] += ResponseContact.objects.filter(response_id__in=ids).count()
    counts["equality"] += EqualityMonitoring.objects.filter(response_id__in=ids).count()
    return counts


def apply(*, now=None, dry_run: bool = False, progress=None) -> dict:
    """Anonymise everything due; returns {"counts", "consultations", "redaction", "run"}."""
    now = now or timezone.now()
    plans = due(now)
    totals = Counter()
    per_page = []
    for plan in plans:
        counts = Counter()
        if dry_run:
            counts += _count_response_plan(plan.responses)
            counts["comments_anonymised"] += len(plan.comments)
        else:
            for start in range(0, len(plan.responses), BATCH):
                batch = plan.responses[start : start + BATCH]
                counts += anonymise.anonymise_responses(
                    batch, reason=AnonymisedResponse.Reason.RETENTION
                )
                if progress:
                    progress(len(batch))
            for start in range(0, len(plan.comments), BATCH):
                batch = plan.comments[start : start + BATCH]
                counts["comments_anonymised"] += anonymise.anonymise_comments(
                    batch, reason=AnonymisedResponse.Reason.RETENTION
                )
                if progress:
                    progress(len(batch))
        totals += counts
        per_page.append(
            {"page_id": plan.page_id, "title": plan.title, "months": plan.months, **counts}
        )
    from search import forgetting

    search_terms = forgetting.forget_old_search_terms(now, dry_run=dry_run)
    if not dry_run and totals:
        # Text just redacted must not linger in SQLite's full-text blocks or free pages.
        forgetting.forget_deleted_text()
    result = {
        "counts": dict(totals),
        "consultations": per_page,
        "search_terms": search_terms,
        "redaction": anonymise.redaction_name(),
        "run": None,
    }
    if not dry_run:
        run = RetentionRun.objects.create(
            started_at=now,
            finished_at=timezone.now(),
            counts={
                "totals": dict(totals),
                "consultations": per_page,
                "search_terms": search_terms,
            },
            redaction=result["redaction"],
        )
        log(run, "privacy.retention", data={"totals": dict(totals), "search_terms": search_terms})
        result["run"] = run
    return result
