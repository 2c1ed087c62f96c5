"""The staff dashboard on the Wagtail admin home: what needs doing today.

One panel (``construct_homepage_panels`` in ``portal/wagtail_hooks.py``) with four
parts, each shown only to people who may act on it and linking to its screen:
consultations open now and those closing in the next 14 days (results, or the page
editor), responses received since Monday, draft comments waiting for moderation, and
feedback report versions waiting for sign-off. It reads a handful of counts and
short lists (a fixed number of queries, whatever the data: see its test).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

CLOSING_SOON_DAYS = 14
LISTED = 8  # rows listed in a part; the count says how many in all

VIEW_RESULTS = "consultations.view_results"
MODERATE = "consultations.moderate_draftcomment"
SIGN_OFF = "reports.sign_off"
BUILD_REPORTS = "reports.build_feedbackreport"


@dataclass
class Part:
    key: str
    title: str
    count: int
    link: str = ""
    link_text: str = ""
    rows: list[dict] = field(default_factory=list)  # {"label", "url", "note"}
    sub: str = ""  # a line under the count


def _url(name, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def week_start(now=None):
    """Monday 00:00 of this week, UK time."""
    local = timezone.localtime(now or timezone.now())
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def consultations_part(user, now) -> Part | None:
    from wagtail.models import Page

    from consultations.models import ConsultationPage
    from portal.dates import format_datetime

    can_results = user.has_perm(VIEW_RESULTS)
    explorable = Page.objects.none()
    if not can_results:
        from wagtail.permission_policies.pages import PagePermissionPolicy

        explorable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
        if not explorable.exists():
            return None
    pages = ConsultationPage.objects.live().filter(
        Q(opens_at__isnull=True) | Q(opens_at__lte=now),
        Q(closes_at__isnull=True) | Q(closes_at__gt=now),
        locale=Locale.get_default(),
    )
    if not can_results:
        pages = pages.filter(pk__in=explorable.values("pk"))
    closing = pages.filter(closes_at__lte=now + timedelta(days=CLOSING_SOON_DAYS))
    soon = list(
        closing.order_by("closes_at", "title").only("pk", "title", "closes_at")[: LISTED + 1]
    )
    soon_count = len(soon) if len(soon) <= LISTED else closing.count()
    soon = soon[:LISTED]
    rows = [
        {
            "label": page.title,
            "url": _url("consultation_results:summary", page.pk)
            if can_results
            else _url("wagtailadmin_pages:edit", page.pk),
            "note": _("closes %(when)s") % {"when": format_datetime(page.closes_at)},
        }
        for page in soon
    ]
    return Part(
        key="consultations",
        title=_("Consultations open now"),
        count=pages.count(),
        link=_url("consultation_results:index")
        if can_results
        else _url("wagtailadmin_explore_root"),
        link_text=_("All consultations"),
        rows=rows,
        sub=ngettext(
            "%(count)s closing in the next 14 days",
            "%(count)s closing in the next 14 days",
            soon_count,
        )
        % {"count": soon_count},
    )


def responses_part(user, now) -> Part | None:
    from consultations.models import Response

    if not user.has_perm(VIEW_RESULTS):
        return None
    count = Response.objects.submitted().filter(submitted_at__gte=week_start(now)).count()
    return Part(
        key="responses",
        title=_("Responses this week (since Monday)"),
        count=count,
        link=_url("responses:index"),
        link_text=_("See the responses"),
    )


def comments_part(user, now) -> Part | None:
    from consultations.models import DraftComment

    if not user.has_perm(MODERATE):
        return None
    count = DraftComment.objects.filter(status=DraftComment.Status.PENDING).count()
    return Part(
        key="comments",
        title=_("Comments waiting for moderation"),
        count=count,
        link=_url("draft_moderation:queue"),
        link_text=_("Moderate comments"),
    )


def reports_part(user, now) -> Part | None:
    from reports.models import FeedbackReportVersion

    if not (user.has_perm(SIGN_OFF) or user.has_perm(BUILD_REPORTS)):
        return None
    newer = FeedbackReportVersion.objects.filter(
        report=OuterRef("report"), number__gt=OuterRef("number")
    )
    waiting = (
        FeedbackReportVersion.objects.filter(status=FeedbackReportVersion.Status.DRAFT)
        .exclude(Exists(newer))
        .select_related("report__page")
        .only("pk", "number", "built_at", "report__page__title", "report__page_id")
        .order_by("built_at")
    )
    listed = list(waiting[: LISTED + 1])
    count = len(listed) if len(listed) <= LISTED else waiting.count()
    rows = [
        {
            "label": version.report.page.title,
            "url": _url("feedback_reports:version", version.report.page_id, version.number),
            "note": _("version %(number)s") % {"number": version.number},
        }
        for version in listed[:LISTED]
    ]
    return Part(
        key="reports",
        title=_("Reports waiting for sign-off"),
        count=count,
        link=_url("feedback_reports:index"),
        link_text=_("Feedback reports"),
        rows=rows,
    )


PARTS = [consultations_part, responses_part, comments_part, reports_part]


def parts_for(user, now=None) -> list[Part]:
    now = now or timezone.now()
    return [part for make in PARTS if (part := make(user, now)) is not None]


class StaffDashboardPanel(Component):
    name = "staff_dashboard"
    template_name = "portal/admin/dashboard_panel.html"
    order = 50  # before Wagtail's own panels

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["parts"] = parts_for(parent_context["request"].user)
        return context
