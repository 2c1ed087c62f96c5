"""The feedback explorer (Wagtail admin) and the public site search.

The explorer and its export need ``portal_search.explore_feedback``; its URLs are
registered in ``wagtail_hooks.py`` behind the admin login. The site search is a
public page under each language's prefix (/<lang>/search/).
"""

from __future__ import annotations

import difflib
import logging
import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page

from portal.admin_pages import admin_page
from search import explorer, exports
from search import query as query_syntax
from search.health import backend_name
from search.indexing import cached_index_lag
from search.models import ExplorerSearch

logger = logging.getLogger(__name__)

EXPLORE = "portal_search.explore_feedback"
CODE_THEMES = "themes.add_coding"  # the themes app's permission to code answers

app_name = "feedback_explorer"


def _forbidden(request):
    """A plain 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard)."""
    if request.user.has_perm(EXPLORE):
        return None
    return HttpResponseForbidden(_("You do not have permission to search or export feedback."))


def _log(request, filters, count, *, exported=False):
    ExplorerSearch.objects.create(
        user=request.user,
        query=filters.get("q", "")[:500],
        filters={k: str(v) for k, v in filters.items() if k != "q"},
        result_count=count,
        exported=exported,
    )


def explore(request):
    if (denied := _forbidden(request)) is not None:
        return denied
    form = explorer.ExplorerForm(request.GET or None)
    filters = explorer.cleaned_filters(form) if request.GET else {}
    search = explorer.run(filters)
    total = search.count()
    paginator = Paginator(search.pageable(), explorer.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    docs = list(page.object_list)
    questions = explorer.question_labels({d.consultation_id for d in docs})
    facets = search.facets()
    labels = {name: {v: label for v, label, _n in values} for name, values in facets.items()}
    rows = [
        {
            "doc": doc,
            "passage": search.passage(doc),
            "question": questions.get(doc.question_id, ""),
            "consultation": labels["consultation_id"].get(doc.consultation_id, ""),
            "area": labels["area_id"].get(doc.area_id, ""),
            "language": labels["language"].get(doc.language, doc.language),
        }
        for doc in docs
    ]
    if request.GET:
        _log(request, filters, total)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    facet_titles = {
        name: form.fields[field].label for field, name in explorer.EXACT_FILTERS.items()
    }
    facet_params = {name: field for field, name in explorer.EXACT_FILTERS.items()}
    facet_groups = [
        {
            "title": facet_titles[name],
            "param": facet_params[name],
            "selected": str(filters.get(facet_params[name], "")),
            "values": [
                (str(v), label, search.describe(name, v, n)) for v, label, n in facets[name]
            ],
        }
        for name in explorer.FACET_FIELDS
    ]
    if "theme" in facets:
        facet_groups.append(
            {
                "title": form.fields["theme"].label,
                "param": "theme",
                "selected": str(filters.get("theme", "")),
                "values": [(str(v), label, f"{n:,}") for v, label, n in facets["theme"]],
            }
        )
    code_url = None
    if request.user.has_perm(CODE_THEMES):
        code_url = explorer.code_results_url(query_without_page.urlencode())
    return admin_page(
        request,
        "search/explorer.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "paginator": paginator,
            "total": total,
            "total_shown": search.describe(None, None, total),
            "estimated": search.estimated,
            "sample_percent": f"{100 * (getattr(search.results, 'sample_fraction', 0) or 0):.1f}",
            "relevance_skipped": search.relevance_skipped,
            "capped": total > paginator.count,
            "facet_groups": facet_groups,
            "querystring": query_without_page.urlencode(),
            "sort": "newest" if search.relevance_skipped else search.sort,
            "lag": cached_index_lag(),
            "code_url": code_url,
            "ignored_filters": explorer.ignored_filters(form),
            "query_shortened": search.parsed.shortened,
            "nothing_to_search": search.parsed.nothing_to_search,
            "exclusions_ignored": search.parsed.exclusions_ignored,
            "max_query_words": query_syntax.MAX_QUERY_WORDS,
            "engine": backend_name(),
            "header_title": _("Feedback explorer"),
        },
    )


def export_csv(request):
    if (denied := _forbidden(request)) is not None:
        return denied
    form = explorer.ExplorerForm(request.GET or None)
    filters = explorer.cleaned_filters(form) if request.GET else {}
    search = explorer.run(filters)
    _log(request, filters, search.count(), exported=True)
    response = StreamingHttpResponse(exports.stream(search), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="feedback-{stamp}.csv"'
    return response


urlpatterns = [
    path("", explore, name="explore"),
    path("export.csv", export_csv, name="export"),
]


# --- public site search -------------------------------------------------------------
SITE_PAGE_SIZE = 10
SHOWN_QUERY_CHARS = 500  # of what was typed, shown back in the search box
WORD = re.compile(r"\w{4,}", re.UNICODE)


# What the public can narrow a site search to. Models that are not installed (yet) are
# skipped; "pages" is every other kind of page.
PAGE_GROUPS = [
    (
        "consultations",
        gettext_lazy("Consultations and policy drafts"),
        [
            "consultations.ConsultationPage",
            "consultations.FeedbackPage",
            "consultations.PolicyDraftPage",
        ],
    ),
    ("outcomes", gettext_lazy("Outcomes (you said, we did)"), ["consultations.YouSaidWeDidPage"]),
    ("events", gettext_lazy("Events"), ["events.EventPage"]),
]
OTHER_PAGES = "pages"


def _content_types(labels) -> list[int]:
    ids = []
    for label in labels:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        ids.append(ContentType.objects.get_for_model(model).pk)
    return ids


def _page_types(pages) -> list[tuple[str, str, list[int], bool]]:
    """[(value, label, content type ids, exclude)] for the groups this site has pages of."""
    present = set(pages.order_by().values_list("content_type", flat=True).distinct())
    groups = []
    grouped: set[int] = set()
    for value, label, labels in PAGE_GROUPS:
        ids = _content_types(labels)
        grouped.update(ids)
        if present.intersection(ids):
            groups.append((value, str(label), ids, False))
    if present - grouped:
        groups.append((OTHER_PAGES, str(gettext_lazy("Other pages")), sorted(grouped), True))
    return groups


def _filter_by_type(pages, page_type: str, groups):
    for value, _label, ids, exclude in groups:
        if value == page_type:
            if exclude:
                return pages.exclude(content_type_id__in=ids)
            return pages.filter(content_type_id__in=ids)
    # Links made before the groups existed name one kind of page ("consultationpage").
    chosen = ContentType.objects.filter(
        pk__in=pages.order_by().values("content_type"), model=page_type
    ).first()
    return pages.filter(content_type=chosen) if chosen else pages


def _suggestion(query: str, pages) -> str:
    """A nearby spelling made of words from page titles in this language, or ''."""
    vocabulary = set()
    for title in pages.values_list("title", flat=True)[:2000]:
        vocabulary.update(word.lower() for word in WORD.findall(title))
    words = query.lower().split()
    fixed = []
    changed = False
    for word in words:
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        if close and close[0] != word:
            fixed.append(close[0])
            changed = True
        else:
            fixed.append(word)
    return " ".join(fixed) if changed else ""


def site_search(request):
    typed = query_syntax.public_query(request.GET.get("q", ""))
    query = typed.typed[:SHOWN_QUERY_CHARS]
    notice = ""
    if query and not typed.words:
        notice = _("Search for one or more words: letters or numbers, not only punctuation.")
    elif typed.shortened:
        notice = ngettext(
            "Your search was too long, so only its first word was searched for.",
            "Your search was too long, so only its first %(count)s words were searched for.",
            len(typed.words),
        ) % {"count": len(typed.words)}
    page_type = request.GET.get("type", "")
    locale = Locale.get_active()
    pages = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1)
    types = _page_types(pages)
    promotions = []
    results = None
    suggestion = ""
    unavailable = False
    if typed.words:
        promoted = Query.get(query)
        promoted.add_hit()
        promotions = [
            pick
            for pick in promoted.editors_picks.select_related("page").order_by("sort_order")
            if pick.page is None or (pick.page.live and pick.page.locale_id == locale.pk)
        ]
        filtered = _filter_by_type(pages, page_type, types) if page_type else pages
        try:
            results = filtered.specific().search(typed.text)
            paginator = Paginator(results, SITE_PAGE_SIZE)
            results = paginator.get_page(request.GET.get("page"))
        except Exception:  # noqa: BLE001 - an engine outage must not break the page
            logger.warning("Site search unavailable for %r", query, exc_info=True)
            results, unavailable = None, True
        else:
            if paginator.count == 0 and not promotions:
                suggestion = _suggestion(typed.text, pages)
    listed = [pick.page for pick in promotions if pick.page is not None]
    request.listed_pages = listed + list(results or [])  # for language-of-parts marks
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "searched": bool(typed.words),
            "search_notice": notice,
            "page_type": page_type,
            "page_types": [(value, label) for value, label, _ids, _exclude in types],
            "results": results,
            "promotions": promotions,
            "suggestion": suggestion,
            "search_unavailable": unavailable,
        },
        status=503 if unavailable else 200,
    )
