"""The feedback explorer's search, filters and facets, testable without HTTP.

Three ways to run one search, chosen here and nowhere else:

- PostgreSQL without Elasticsearch: ``search.postgres`` (a stored ``tsvector`` per
  passage; the count and every facet in one statement, then the visible page);
- Elasticsearch: ``SubmissionDocument.objects.search``, facets as aggregations;
- any other database (SQLite): ``SubmissionDocument.objects.search``, with the
  full-text match run once for the count and all the facets together (one GROUP BY
  over the matching rows), and once more for the visible page.

With no query words the filters run as a plain database query (or, on PostgreSQL,
the same two statements without a match).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from django import forms
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from consultations.models import DraftComment, Response
from portal.models import Area
from search import engine, postgres
from search import query as query_syntax
from search.models import SubmissionDocument

PAGE_SIZE = 20
# Results an analyst can page through (offsets beyond this are slow and never useful:
# narrow the search instead). The count shown is still the full one.
MAX_PAGED_RESULTS = 10_000
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


# Ids are 64-bit: a larger number in a filter (typed into the address) is not an id,
# and SQLite cannot even compare with it.
MAX_ID = 2**63 - 1
MAX_QUERY_CHARS = 500  # of a search, kept (and logged); the words beyond are dropped


def IdField(label):  # noqa: N802 - a field factory, read like a field class
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=MAX_ID)


class ExplorerForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    consultation = IdField(_("Consultation or draft"))
    question = forms.CharField(label=_("Question or section"), required=False, max_length=64)
    area = IdField(_("Area"))
    respondent_type = forms.CharField(label=_("Responding as"), required=False, max_length=14)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    language = forms.CharField(label=_("Language"), required=False, max_length=10)
    channel = forms.CharField(label=_("Channel"), required=False, max_length=10)
    status = forms.CharField(label=_("Moderation status"), required=False, max_length=12)
    kind = forms.CharField(label=_("Kind"), required=False, max_length=10)
    theme = IdField(_("Theme"))
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def clean_q(self):
        """No control characters (PostgreSQL refuses NUL); a search pasted whole is
        cut, not refused (``query.parse`` keeps its first words)."""
        return query_syntax.CONTROL_RE.sub(" ", self.cleaned_data["q"])[:MAX_QUERY_CHARS]


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
    results: object  # PostgresResults, SearchResults or QuerySet of SubmissionDocument
    parsed: query_syntax.ParsedQuery
    filters: dict
    sort: str
    matched: object = None  # the matching rows as a QuerySet, where the backend offers one
    within: object = None  # Elasticsearch: ids -> those of them the search matches
    _counts: dict | None = field(default=None, repr=False)

    def facet_counts(self) -> dict[str, dict]:
        """{facet field: {value: count}} within the current results."""
        if self._counts is not None:
            return self._counts
        if hasattr(self.results, "facet_counts"):  # PostgreSQL: one statement
            counts = self.results.facet_counts()
        elif self.matched is None and hasattr(self.results, "facet"):  # search engine
            counts = engine.facet_counts(self.results, FACET_FIELDS)
        else:  # the match (or plain filters) once, grouped by every facet field together
            source = self.matched if self.matched is not None else self.results
            counts = {name: {} for name in FACET_FIELDS}
            rows = source.order_by().values(*FACET_FIELDS).annotate(n=Count("pk"))
            for row in rows:
                for name in FACET_FIELDS:
                    counts[name][row[name]] = counts[name].get(row[name], 0) + row["n"]
        if coding_model() is not None:
            counts = {**counts, "theme": self._theme_counts()}
        self._counts = counts
        return counts

    def _theme_counts(self) -> dict[int, int]:
        """Passages per theme within the current results (exact: coded passages only)."""
        if not _primary_codings().exists():
            return {}
        if hasattr(self.results, "theme_counts"):  # PostgreSQL: one statement
            return self.results.theme_counts()
        coded = coded_documents()
        if not coded:
            return {}
        if self.within is not None:  # Elasticsearch: ask it which coded ones match
            matched_ids = self.within(list(coded))
        else:
            source = self.matched if self.matched is not None else self.results
            matched_ids = source.filter(pk__in=list(coded)).values_list("pk", flat=True)
        return _count_themes(coded, matched_ids)

    def count(self) -> int:
        """How many passages match (all of them, not only the pages one can reach)."""
        engine = self.matched is None and hasattr(self.results, "facet")
        if engine and not hasattr(self.results, "facet_counts"):  # Elasticsearch
            return self.results.count()
        return sum(self.facet_counts()["kind"].values())

    def facets(self) -> dict[str, list[tuple[object, str, int]]]:
        """For each facet field, [(value, label, count)] within the current results."""
        facets = {}
        for name, counts in self.facet_counts().items():
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

    @property
    def estimated(self) -> bool:
        """True when the count and facets are estimates from a sample (search.postgres)."""
        self.facet_counts()
        return getattr(self.results, "estimated", False)

    @property
    def relevance_skipped(self) -> bool:
        """True when there were too many matches to rank: the newest come first."""
        self.facet_counts()
        return getattr(self.results, "relevance_skipped", False)

    def describe(self, name: str | None, value, n: int) -> str:
        """A count as shown beside a filter (``name``) or as the total (None)."""
        if hasattr(self.results, "describe"):
            return self.results.describe(name, value, n)
        return f"{n:,}"

    def pageable(self) -> PagedResults:
        """The results for Django's Paginator: at most MAX_PAGED_RESULTS reachable."""
        return PagedResults(self.results, min(self.count(), MAX_PAGED_RESULTS))

    def passage(self, doc):
        """The passage of ``doc`` to show, matches in <mark>."""
        if (html := postgres.headline_html(doc)) is not None:
            return html
        return query_syntax.highlight(doc.text, self.parsed)


class PagedResults:
    """Results with a known (capped) count, so paging does not count again."""

    def __init__(self, results, count: int):
        self.results = results
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        return self.results[key]


def cleaned_filters(form: ExplorerForm) -> dict:
    """The filters that are valid; one that is not (a huge number, a bad date) is left
    out, rather than all of them (``ignored_filters`` names it)."""
    form.is_valid()
    data = form.cleaned_data
    return {key: value for key, value in data.items() if value not in (None, "")}


def ignored_filters(form: ExplorerForm) -> list[tuple[str, str]]:
    """[(label, why)] for each filter left out of the search as invalid."""
    form.is_valid()
    return [
        (str(form.fields[name].label), " ".join(str(e) for e in errors))
        for name, errors in form.errors.items()
        if name in form.fields
    ]


def run(filters: dict) -> Search:
    sort = filters.get("sort") or ("relevance" if filters.get("q") else "newest")
    # Without words there is nothing for a search engine to match: on PostgreSQL the
    # filters, counts and pages come from the passages table the same way with or
    # without an engine (sampled counts on a huge index rather than grouping it all).
    wordless = not filters.get("q") and connection.vendor == "postgresql"
    if postgres.enabled() or wordless:
        parsed = query_syntax.parse(filters.get("q", ""), widen=False)
        if parsed.query is None and sort == "relevance":
            sort = "newest"
        theme_ids = None
        if "theme" in filters and coding_model() is not None:
            theme_ids = theme_and_children(filters["theme"])
        results = postgres.PostgresResults(
            filters=filters,
            exact=EXACT_FILTERS,
            query=parsed.query,
            sort=sort,
            facet_fields=FACET_FIELDS,
            theme_ids=theme_ids,
        )
        return Search(results=results, parsed=parsed, filters=filters, sort=sort)
    queryset = SubmissionDocument.objects.all()
    for name, field_name in EXACT_FILTERS.items():
        if name in filters:
            queryset = queryset.filter(**{field_name: filters[name]})
    if "theme" in filters and coding_model() is not None:
        coded = coded_documents(theme_and_children(filters["theme"]))
        queryset = queryset.filter(pk__in=list(coded))
    tz = timezone.get_current_timezone()
    if "date_from" in filters:
        start = datetime.combine(filters["date_from"], time.min, tzinfo=tz)
        queryset = queryset.filter(submitted_at__gte=start)
    if "date_to" in filters:
        end = datetime.combine(filters["date_to"], time.max, tzinfo=tz)
        queryset = queryset.filter(submitted_at__lte=end)
    parsed = query_syntax.parse(filters.get("q", ""))
    if parsed.query is None and sort == "relevance":
        sort = "newest"
    order = "submitted_at" if sort == "oldest" else "-submitted_at"
    matched = within = None
    if parsed.query is None:
        results = queryset.order_by(order, "-pk")
    else:
        if sort == "relevance":
            results = queryset.search(parsed.query)
        else:
            results = queryset.order_by(order).search(parsed.query, order_by_relevance=False)
        # Database backends can hand over the matching rows as a QuerySet: count and
        # facet over that in one query rather than matching once per facet.
        unranked = queryset.search(parsed.query, order_by_relevance=False)
        if hasattr(unranked, "get_queryset"):
            matched = unranked.get_queryset()
        else:

            def within(ids):
                hits = queryset.filter(pk__in=ids).search(parsed.query, order_by_relevance=False)
                return [doc.pk for doc in hits[: len(ids)]]

    return Search(
        results=results,
        parsed=parsed,
        filters=filters,
        sort=sort,
        matched=matched,
        within=within if matched is None and parsed.query is not None else None,
    )


# --- themes (the themes app codes answers and comments; optional) ----------------------
def coding_model():
    """``themes.Coding`` when the themes app is installed, else None."""
    if not apps.is_installed("themes"):
        return None
    try:
        return apps.get_model("themes", "Coding")
    except LookupError:
        return None


def theme_and_children(theme_id: int) -> list[int]:
    """A theme and its sub-themes: filtering by a theme includes what is filed under it."""
    Theme = apps.get_model("themes", "Theme")  # noqa: N806 - a model class
    return [theme_id, *Theme.objects.filter(parent_id=theme_id).values_list("pk", flat=True)]


def _primary_codings(theme_ids=None):
    codings = coding_model().objects.primary()
    if theme_ids is not None:
        codings = codings.filter(theme_id__in=theme_ids)
    return codings


def coded_documents(theme_ids=None) -> dict[int, set[int]]:
    """{document id: {theme ids}} for passages coded (first analyst's pass), optionally
    only with these themes. Driven from the codings, so it costs what they number."""
    codings = _primary_codings(theme_ids)
    by_pair: dict[tuple, set] = {}
    for theme_id, response_id, question_id in codings.filter(answer__isnull=False).values_list(
        "theme_id", "answer__response_id", "answer__question_id"
    ):
        by_pair.setdefault((response_id, question_id), set()).add(theme_id)
    by_comment: dict[int, set] = {}
    for theme_id, comment_id in codings.filter(comment__isnull=False).values_list(
        "theme_id", "comment_id"
    ):
        by_comment.setdefault(comment_id, set()).add(theme_id)
    docs: dict[int, set[int]] = {}
    response_ids = {r for r, _q in by_pair}
    for start in range(0, len(response_ids), 5000):
        chunk = list(response_ids)[start : start + 5000]
        for pk, response_id, question_id in SubmissionDocument.objects.filter(
            kind=SubmissionDocument.Kind.ANSWER, response_id__in=chunk
        ).values_list("pk", "response_id", "question_id"):
            if (response_id, question_id) in by_pair:
                docs[pk] = by_pair[(response_id, question_id)]
    if by_comment:
        for pk, comment_id in SubmissionDocument.objects.filter(
            kind=SubmissionDocument.Kind.COMMENT, comment_id__in=list(by_comment)
        ).values_list("pk", "comment_id"):
            docs[pk] = by_comment[comment_id]
    return docs


def _count_themes(coded: dict[int, set[int]], matched_ids) -> dict[int, int]:
    counts: dict[int, int] = {}
    for pk in matched_ids:
        for theme_id in coded.get(pk, ()):
            counts[theme_id] = counts.get(theme_id, 0) + 1
    return counts


def code_results_url(querystring: str) -> str | None:
    """The themes app's "code these results" screen for this search, if it exists."""
    try:
        url = reverse("themes:bulk_code")
    except NoReverseMatch:
        return None
    return f"{url}?{querystring}" if querystring else url


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
    if name == "theme" and coding_model() is not None:
        themes = apps.get_model("themes", "Theme").objects.filter(pk__in=values)
        return {theme.pk: str(theme) for theme in themes.select_related("parent")}
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
