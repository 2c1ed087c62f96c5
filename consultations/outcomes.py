"""Headline numbers for "you said, we did" pages.

When the page was started from a signed-off feedback report, its figures are that
report's, exactly as the governing body saw them, and today's count is shown apart
(``live_total``); otherwise they are counted from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from consultations.disclosure import shown_count


@dataclass
class Breakdown:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, count as shown)


@dataclass
class HeadlineNumbers:
    total: int
    total_shown: str
    noun: str  # "responses" or "comments"
    breakdowns: list[Breakdown]
    report_version: object = None  # the signed-off FeedbackReportVersion they come from
    live_total: int | None = None  # counted today, when the figures are a report's
    live_total_shown: str = ""

    @property
    def received_since(self) -> int:
        """How many more were counted today than in the signed-off report."""
        return max((self.live_total or 0) - self.total, 0)


def _rows(queryset, key, labels) -> list[tuple[str, str]]:
    counts = queryset.values(key).annotate(n=Count("pk")).order_by("-n")
    return [(str(labels.get(row[key], row[key] or "-")), shown_count(row["n"])) for row in counts]


def headline_numbers(page, report_version=None) -> HeadlineNumbers:
    """The page's figures: ``report_version``'s when given, else counted live."""
    live = live_numbers(page)
    if report_version is None:
        return live
    return _from_report(report_version, live)


# The report's "who responded" cuts shown on the page, with today's labels by key.
REPORT_CUTS = ("channel", "respondent_type", "area")


def _from_report(version, live: HeadlineNumbers) -> HeadlineNumbers:
    from django.utils.translation import gettext as _

    from consultations.models import DraftComment, Response
    from portal.models import Area

    data = version.data or {}
    comments = data.get("kind") == "draft"
    labels = {
        "channel": dict(Response.Channel.choices),
        "respondent_type": dict((DraftComment if comments else Response).RespondentType.choices),
        "area": {
            **{str(pk): name for pk, name in Area.objects.values_list("pk", "name")},
            "None": _("Area not known"),
        },
    }
    titles = {
        "channel": _("How people responded"),
        "respondent_type": _("Comments by who sent them") if comments else _("Who responded"),
        "area": _("Where they live"),
    }
    breakdowns = []
    for cut in data.get("who", []):
        key = cut.get("key")
        if key not in REPORT_CUTS:
            continue
        rows = [
            (str(labels[key].get(row["key"], row["label"])), shown_count(row["count"]))
            for row in cut.get("rows", [])
            if row.get("count")
        ]
        breakdowns.append(Breakdown(titles[key], rows))
    total = int(data.get("total") or 0)
    return HeadlineNumbers(
        total=total,
        total_shown=shown_count(total),
        noun=live.noun,
        breakdowns=breakdowns,
        report_version=version,
        live_total=live.total,
        live_total_shown=shown_count(live.total),
    )


def live_numbers(page) -> HeadlineNumbers:
    from django.utils.translation import gettext as _

    from consultations.models import DraftComment, PolicyDraftPage, Response
    from portal.models import Area

    page = page.specific
    if isinstance(page, PolicyDraftPage):
        source = page.source_page_for_comments()
        comments = DraftComment.objects.filter(version__page=source).exclude(
            status=DraftComment.Status.REJECTED
        )
        total = comments.count()
        return HeadlineNumbers(
            total=total,
            total_shown=shown_count(total),
            noun=_("comments"),
            breakdowns=[
                Breakdown(
                    _("Comments by who sent them"),
                    _rows(
                        comments,
                        "respondent_type",
                        dict(DraftComment.RespondentType.choices),
                    ),
                )
            ],
        )
    source = page.source_page
    responses = Response.objects.submitted().filter(consultation_id=source.pk)
    total = responses.count()
    area_names = dict(Area.objects.values_list("pk", "name"))
    area_names[None] = _("Area not known")
    return HeadlineNumbers(
        total=total,
        total_shown=shown_count(total),
        noun=_("responses"),
        breakdowns=[
            Breakdown(
                _("How people responded"),
                _rows(responses, "channel", dict(Response.Channel.choices)),
            ),
            Breakdown(
                _("Who responded"),
                _rows(responses, "respondent_type", dict(Response.RespondentType.choices)),
            ),
            Breakdown(_("Where they live"), _rows(responses, "area", area_names)),
        ],
    )
