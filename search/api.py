"""Published pages as open data: Wagtail's API v2 at /api/v2/.

    /api/v2/pages/                      consultations, policy drafts, outcomes ("you
                                        said, we did") and events that are live and public
    /api/v2/pages/?type=events.EventPage
    /api/v2/pages/?search=parking&locale=pl
    /api/v2/pages/<id>/

Only pages: never responses, comments, contact details or anything from the
submission index. Other page types (home, standard pages, indexes) are not listed.
"""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Locale

from search import query as query_syntax
from search.views import PAGE_GROUPS, _content_types


def open_data_content_types() -> list[int]:
    return [pk for _value, _label, labels in PAGE_GROUPS for pk in _content_types(labels)]


class _WithQuery:
    """A request whose query string is ``query`` (Wagtail's filters read ``request.GET``)."""

    def __init__(self, request, query):
        self._request = request
        self.GET = query

    def __getattr__(self, name):
        return getattr(self._request, name)


class PublicSearchFilter(SearchFilter):
    """Wagtail's search filter, given only the words of ``?search=``.

    A search the engine could not run (control characters, more than
    MAX_QUERY_WORDS words or MAX_PUBLIC_CHARS characters, nothing but punctuation) is a
    400 naming the parameter; quotes and other punctuation between words are dropped,
    as the site search does (``search.query.public_query``).
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        typed = query_syntax.public_query(request.GET["search"])
        if typed.had_control_characters:
            raise BadRequestError("search must not contain control characters")
        if typed.shortened:
            raise BadRequestError(
                f"search must be at most {query_syntax.MAX_QUERY_WORDS} words "
                f"and {query_syntax.MAX_PUBLIC_CHARS} characters"
            )
        if typed.typed and not typed.words:
            raise BadRequestError("search must contain a word (letters or digits)")
        query = request.GET.copy()
        query["search"] = typed.text
        return super().filter_queryset(_WithQuery(request, query), queryset, view)


class OpenDataPagesAPIViewSet(PagesAPIViewSet):
    """Live, public consultations, outcomes and events (Wagtail's pages endpoint)."""

    filter_backends = [
        PublicSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        return super().get_base_queryset().filter(content_type__in=open_data_content_types())

    def filter_queryset(self, queryset):
        """Refuse a search operator the search backend would fail on (a 400, not a 500),
        and a language the site does not have (Wagtail's 404 for it would be turned
        into a redirect to a language-prefixed address), in listings and in the
        detail view alike."""
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        language = self.request.GET.get("locale")
        if language is not None:
            known = sorted(Locale.objects.values_list("language_code", flat=True))
            if language not in known:
                raise BadRequestError(f"locale must be one of: {', '.join(known)}")
        return super().filter_queryset(queryset)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", OpenDataPagesAPIViewSet)

# So the project can ``include("search.api")`` (the namespace Wagtail reverses in).
app_name = api_router.url_namespace
urlpatterns = api_router.get_urlpatterns()
