"""The feedback explorer (Wagtail admin) and the public site search.

The explorer and its export need ``portal_search.explore_feedback``; its URLs are
registered in ``wagtail_hooks.py`` behind the admin login. The site search is a
public page under each language's prefix (/<lang>/search/).
"""

from __future__ import annotations

import difflib
import re

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpResponseForbidden, StreamingHttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page

from search import explorer, exports
from search.health import backend_name
from search.indexing import index_lag
from search.models import ExplorerSearch

EXPLORE = "portal_search.explore_feedback"

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
    paginator = Paginator(search.results, explorer.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    docs = list(page.object_list)
    questions = explorer.question_labels({d.consultation_id for d in docs})
    facets = search.facets()
    labels = {name: {v: label for v, label, _n in values} for name, values in facets.items()}
    rows = [
        {
            "doc": doc,
            "passage": explorer.query_syntax.highlight(doc.text, search.parsed),
            "question": questions.get(doc.question_id, ""),
            "consultation": labels["consultation_id"].get(doc.consultation_id, ""),
            "area": labels["area_id"].get(doc.area_id, ""),
            "language": labels["language"].get(doc.language, doc.language),
        }
        for doc in docs
    ]
    if request.GET:
        _log(request, filters, paginator.count)
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
            "values": [(str(v), label, n) for v, label, n in facets[name]],
        }
        for name in explorer.FACET_FIELDS
    ]
    return TemplateResponse(
        request,
        "search/explorer.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "paginator": paginator,
            "facet_groups": facet_groups,
            "querystring": query_without_page.urlencode(),
            "sort": search.sort,
            "lag": index_lag(),
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
    _log(request, filters, search.results.count(), exported=True)
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
WORD = re.compile(r"\w{4,}", re.UNICODE)


def _page_types(pages):
    ids = pages.order_by().values_list("content_type", flat=True).distinct()
    types = ContentType.objects.filter(pk__in=set(ids))
    return sorted(
        (
            (ct.model, str(ct.model_class()._meta.verbose_name).capitalize(), ct.pk)
            for ct in types
            if ct.model_class()
        ),
        key=lambda item: item[1],
    )


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
    query = request.GET.get("q", "").strip()[:200]
    page_type = request.GET.get("type", "")
    locale = Locale.get_active()
    pages = Page.objects.live().public().filter(locale=locale).exclude(depth__lte=1)
    types = _page_types(pages)
    promotions = []
    results = None
    suggestion = ""
    if query:
        promoted = Query.get(query)
        promoted.add_hit()
        promotions = [
            pick
            for pick in promoted.editors_picks.select_related("page").order_by("sort_order")
            if pick.page is None or (pick.page.live and pick.page.locale_id == locale.pk)
        ]
        filtered = pages
        chosen = {model: pk for model, _label, pk in types}.get(page_type)
        if chosen is not None:
            filtered = filtered.filter(content_type_id=chosen)
        results = filtered.specific().search(query)
        paginator = Paginator(results, SITE_PAGE_SIZE)
        results = paginator.get_page(request.GET.get("page"))
        if paginator.count == 0 and not promotions:
            suggestion = _suggestion(query, pages)
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "page_type": page_type,
            "page_types": [(model, label) for model, label, _pk in types],
            "results": results,
            "promotions": promotions,
            "suggestion": suggestion,
        },
    )
