"""Template tags for the site chrome (language switcher, breadcrumbs) and email text."""

from django import template
from django.utils.html import escape
from django.utils.translation import get_language
from wagtail.models import Page

from portal.dates import format_date, format_datetime, format_time

register = template.Library()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every other site language (``portal.language_switch``)."""
    from portal import language_switch

    links = language_switch.links(context.get("request"), context.get("page"))
    return {"links": links, "current_name": language_switch.language_name(get_language())}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The ancestors of the current page below the site root, NHS.UK style."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"items": []}
    ancestors = page.get_ancestors().filter(depth__gt=1).specific()
    items = [{"title": a.title, "url": a.get_url(request=request)} for a in ancestors]
    return {"items": items}


@register.filter
def local_datetime(value):
    """A moment as people read it in the current language, in UK time (``portal.dates``):
    '27 November 2026, 3:52pm', '2 listopada 2026, 17:00'."""
    return format_datetime(value)


@register.filter
def uk_datetime(value):
    """A deadline or an event's time, saying it is UK time: '27 November 2026, 3:52pm UK
    time'."""
    return format_datetime(value, with_zone=True)


@register.filter
def local_date(value):
    """'27 November 2026' (or the language's own form)."""
    return format_date(value)


@register.filter
def local_time(value):
    """'3:52pm' in English, the language's own clock elsewhere."""
    return format_time(value)


@register.simple_tag
def language_of_part(language):
    """' lang="en" dir="ltr"' on an element showing text in ``language`` when that is
    not the page's language (``portal.language_of_parts.attributes``); nothing when it
    is, or when the language is unknown."""
    if not language or language == get_language():
        return ""
    from django.utils.safestring import mark_safe

    from portal.language_of_parts import attributes

    return mark_safe(attributes(escape(language)))  # noqa: S308 (escaped language code)


@register.filter
def defang(value):
    """Typed text for an email to an unconfirmed address: no links (``portal.emails``)."""
    from portal.emails import defang as make_unlinkable

    return make_unlinkable(value)
