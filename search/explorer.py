"""The feedback explorer's search, filters and facets, testable without HTTP.

Everything goes through the configured search backend (Elasticsearch or the
database) via ``SubmissionDocument.objects.search``; with no query words the
filters run as a plain database query over the same documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django import forms
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from consultations.models import DraftComment, Response
from portal.models import Area
from search import query as query_syntax
from search.models import SubmissionDocument

PAGE_SIZE = 20
# Filters shown with counts beside them, in this order.
FACET_FIELDS = [
    "consultation_id",
    "area_id",
    "language",
    "respondent_type",
    "channel",
    "status",
    "kind",
]
SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
]


class ExplorerForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=500)
    consultation = forms.IntegerField(label=_("Consultation or draft"), required=False)
    question = forms.CharField(label=_("Question or section"), required=False, max_length=64)
    area = forms.IntegerField(label=_("Area"), required=False)
    respondent_type = forms.CharField(label=_("Responding as"), required=False, max_length=14)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    language = forms.CharField(label=_("Language"), required=False, max_length=10)
    channel = forms.CharField(label=_("Channel"), required=False, max_length=10)
    status = forms.CharField(label=_("Moderation status"), required=False, max_length=12)
    kind = forms.CharField(label=_("Kind"), required=False, max_length=10)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)


# form field -> SubmissionDocument field
EXACT_FILTERS = {
    "consultation": "consultation_id",
    "question": "question_id",
    "area": "area_id",
    "respondent_type": "respondent_type",
    "organisation": "organisation",
    "language": "language",
    "channel": "channel",
    "status": "status",
    "kind": "kind",
}


@dataclass
class Search:
    results: object  # SearchResults or QuerySet of SubmissionDocument
    parsed: query_syntax.ParsedQuery
    filters: dict
    sort: str

    def facets(self) -> dict[str, list[tuple[object, str, int]]]:
        """For each facet field, [(value, label, count)] within the current results."""
        facets = {}
        for name in FACET_FIELDS:
            if hasattr(self.results, "facet"):
                counts = self.results.facet(name)
            else:
                rows = self.results.order_by().values(name).annotate(n=Count("pk"))
                counts = {row[name]: row["n"] for row in rows}
            labels = facet_labels(name, list(counts))
            facets[name] = sorted(
                (
                    (value, labels.get(value, str(value)), n)
                    for value, n in counts.items()
                    if value not in (None, "")
                ),
                key=lambda item: (-item[2], item[1]),
            )
        return facets


def cleaned_filters(form: ExplorerForm) -> dict:
    data = form.cleaned_data if form.is_valid() else {}
    return {key: value for key, value in data.items() if value not in (None, "")}


def run(filters: dict) -> Search:
    queryset = SubmissionDocument.objects.all()
    for name, field in EXACT_FILTERS.items():
        if name in filters:
            queryset = queryset.filter(**{field: filters[name]})
    tz = timezone.get_current_timezone()
    if "date_from" in filters:
        start = datetime.combine(filters["date_from"], time.min, tzinfo=tz)
        queryset = queryset.filter(submitted_at__gte=start)
    if "date_to" in filters:
        end = datetime.combine(filters["date_to"], time.max, tzinfo=tz)
        queryset = queryset.filter(submitted_at__lte=end)
    parsed = query_syntax.parse(filters.get("q", ""))
    sort = filters.get("sort") or ("relevance" if parsed.query is not None else "newest")
    if parsed.query is None and sort == "relevance":
        sort = "newest"
    order = "submitted_at" if sort == "oldest" else "-submitted_at"
    if parsed.query is None:
        results = queryset.order_by(order, "-pk")
    elif sort == "relevance":
        results = queryset.search(parsed.query)
    else:
        results = queryset.order_by(order).search(parsed.query, order_by_relevance=False)
    return Search(results=results, parsed=parsed, filters=filters, sort=sort)


# --- labels -----------------------------------------------------------------------
def facet_labels(name: str, values: list) -> dict:
    if name == "consultation_id":
        return dict(Page.objects.filter(pk__in=values).values_list("pk", "title"))
    if name == "area_id":
        return dict(Area.objects.filter(pk__in=values).values_list("pk", "name"))
    if name == "language":
        return {code: str(label) for code, label in settings.LANGUAGES}
    if name == "respondent_type":
        return {
            **dict(DraftComment.RespondentType.choices),
            **dict(Response.RespondentType.choices),
        }
    if name == "channel":
        return dict(Response.Channel.choices)
    if name == "status":
        return {**dict(DraftComment.Status.choices), **dict(Response.Status.choices)}
    if name == "kind":
        return dict(SubmissionDocument.Kind.choices)
    return {}


def question_labels(consultation_ids) -> dict[str, str]:
    """Question block id (or draft section id) -> its text in the source language."""
    labels: dict[str, str] = {}
    for page in Page.objects.filter(pk__in=set(consultation_ids)).specific():
        definition = getattr(page, "survey_definition", None)
        if definition is not None:
            labels.update({q.id: q.text for q in definition.questions})
        for version in getattr(page, "draft_versions", Page.objects.none()).all():
            labels.update({s["id"]: s.get("heading", "") for s in version.sections})
    return labels
