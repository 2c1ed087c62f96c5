"""Headline numbers for "you said, we did" pages, always from the database."""

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


def _rows(queryset, key, labels) -> list[tuple[str, str]]:
    counts = queryset.values(key).annotate(n=Count("pk")).order_by("-n")
    return [(str(labels.get(row[key], row[key] or "-")), shown_count(row["n"])) for row in counts]


def headline_numbers(page) -> HeadlineNumbers:
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
