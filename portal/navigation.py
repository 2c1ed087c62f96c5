"""Where each public area of the site lives, in the language being read.

The header, the home page and the area pages all link to the same sections:
consultations, policy drafts, "you said, we did", events, the Citizens' Panel and
search. A section is the index page under this language's home page; where a
language has no such page yet, the default language's is used, so a link never
disappears from one language's menu.

Worked out once per request (the header and the page body both ask).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

# Section key, page model label: the index pages a home page may have.
INDEX_PAGES = [
    ("consultations", "consultations.ConsultationIndexPage"),
    ("outcomes", "consultations.OutcomeIndexPage"),
    ("events", "events.EventIndexPage"),
]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    url: str
    description: str = ""


def _home_for(request):
    """This language's home page (or the default site's root when it has none)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None, None
    root = site.root_page
    locale = Locale.get_active()
    if root.locale_id == locale.pk:
        return root, root
    translated = root.get_translation_or_none(locale)
    return (translated if translated is not None and translated.live else None), root


def _index_pages(homes) -> dict[str, Page]:
    """{section key: live index page} under the first of ``homes`` that has one."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    wanted = {}
    for key, label in INDEX_PAGES:
        try:
            wanted[ContentType.objects.get_for_model(apps.get_model(label)).pk] = key
        except LookupError:
            continue
    found: dict[str, Page] = {}
    homes = [home for home in homes if home is not None]
    if not homes:
        return found
    under_a_home = Q()
    for home in homes:
        under_a_home |= Q(path__startswith=home.path, depth=home.depth + 1)
    children = (
        Page.objects.filter(under_a_home, content_type_id__in=wanted)
        .live()
        .public()
        .order_by("path")
    )
    by_home = {home.path: {} for home in homes}
    for child in children:
        key = wanted[child.content_type_id]
        by_home[child.path[: -Page.steplen]].setdefault(key, child)
    for home in homes:  # this language first, then the default language
        for key, child in by_home[home.path].items():
            found.setdefault(key, child)
    return found


def sections(request) -> dict[str, Section]:
    """The public sections for ``request``'s language, by key, in menu order."""
    cached = getattr(request, "_portal_sections", None) if request is not None else None
    if cached is not None:
        return cached
    home, default_home = _home_for(request)
    pages = _index_pages([home, default_home] if home is not default_home else [home])
    result: dict[str, Section] = {}
    if "consultations" in pages:
        index = pages["consultations"].specific_deferred
        url = index.get_url(request=request)
        result["consultations"] = Section(
            "consultations",
            _("Consultations"),
            url,
            _("Read about our proposals and answer the surveys that are open now."),
        )
        result["drafts"] = Section(
            "drafts",
            _("Policy drafts"),
            url + index.reverse_subpage("policy_drafts"),
            _("Comment on draft policies, section by section, before they are finalised."),
        )
    if "outcomes" in pages:
        result["outcomes"] = Section(
            "outcomes",
            _("You said, we did"),
            pages["outcomes"].get_url(request=request),
            _("What we changed because of what people told us, and why."),
        )
    if "events" in pages:
        result["events"] = Section(
            "events",
            _("Events"),
            pages["events"].get_url(request=request),
            _("Public meetings, focus groups and drop-in sessions near you."),
        )
    user = getattr(request, "user", None)
    member = user is not None and user.is_authenticated and getattr(user, "panel_member", None)
    result["panel"] = Section(
        "panel",
        _("Citizens' Panel"),
        reverse("citizens_panel:manage" if member else "citizens_panel:join"),
        _("Join local residents who answer a few questions about health services each year."),
    )
    result["search"] = Section(
        "search",
        _("Search"),
        reverse("site_search"),
        _("Find a consultation, draft, outcome or event."),
    )
    if request is not None:
        request._portal_sections = result
    return result


def current_section(request, sections_by_key) -> str:
    """The key of the section ``request.path`` is in, or ''."""
    path = getattr(request, "path", "") or ""
    best, best_length = "", 0
    for key, section in sections_by_key.items():
        if section.url and path.startswith(section.url) and len(section.url) > best_length:
            best, best_length = key, len(section.url)
    return best


# --- what is happening: lists shown on the home page and on area pages --------------
@dataclass(frozen=True)
class Listed:
    """A page to list, in this language where translated; ``marks`` are the ``lang`` and
    ``dir`` attributes its text needs when it is shown in another language."""

    page: Page
    marks: str = ""


def in_current_language(source_pages) -> list[Listed]:
    """``source_pages`` (specific pages in any language, in the order to show them), each
    replaced by its live translation into the active language where there is one.

    Two queries whatever the number of pages (not one ``.localized`` per page)."""
    from portal.language_of_parts import attributes

    source_pages = list(source_pages)
    if not source_pages:
        return []
    locale = Locale.get_active()
    model = type(source_pages[0])
    translated = {
        page.translation_key: page
        for page in model.objects.live()
        .public()
        .filter(
            locale=locale,
            translation_key__in=[p.translation_key for p in source_pages],
        )
        .select_related("locale")
    }
    listed = []
    for page in source_pages:
        shown = translated.get(page.translation_key)
        if shown is not None:
            listed.append(Listed(shown))
        else:
            listed.append(Listed(page, attributes(page.locale.language_code)))
    return listed


def _default_locale_pages(model):
    default = Locale.get_default()
    return model.objects.live().public().filter(locale=default).select_related("locale")


def open_consultations(area=None) -> list[Listed]:
    """Consultations taking responses now (closing soonest first), optionally for an area."""
    from django.utils import timezone

    from consultations.models import ConsultationPage

    now = timezone.now()
    pages = (
        _default_locale_pages(ConsultationPage)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
    )
    if area is not None:
        pages = pages.filter(areas=area)
    ordered = sorted(
        pages.distinct(), key=lambda p: (p.closes_at is None, p.closes_at or now, p.title)
    )
    return in_current_language(ordered)


def upcoming_events(area=None, limit: int = 10) -> list[Listed]:
    """Events still to come, soonest first, optionally in an area."""
    from django.utils import timezone

    from events.models import EventPage

    pages = _default_locale_pages(EventPage).filter(
        ends_at__gte=timezone.now(), cancelled_at__isnull=True
    )
    if area is not None:
        pages = pages.filter(area=area)
    return in_current_language(pages.order_by("starts_at")[:limit])


def published_outcomes(area=None, limit: int = 10) -> list[Listed]:
    """ "You said, we did" pages, newest decision first, optionally for an area."""
    from consultations.models import YouSaidWeDidPage

    pages = _default_locale_pages(YouSaidWeDidPage)
    if area is not None:
        pages = pages.filter(areas=area)
    return in_current_language(
        pages.distinct().order_by("-decision_date", "-first_published_at")[:limit]
    )
