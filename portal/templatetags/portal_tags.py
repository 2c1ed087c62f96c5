"""Template tags for the site chrome (language switcher, breadcrumbs) and email text."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page

register = template.Library()


def _language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code) or get_language_info(code)["name_local"]


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in every other site language.

    On a Wagtail page each link goes to that page's translation, or to the home
    page of that language when the page has not been translated yet.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    links = []
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = None
        if isinstance(page, Page) and code in locales:
            translation = page.get_translation_or_none(locales[code])
            if translation is not None and translation.live:
                url = translation.get_url(request=request)
        if url is None and request is not None:
            url = translate_url(request.path, code) if page is None else f"/{code}/"
        links.append(
            {
                "code": code,
                "name": _language_name(code),
                "url": url,
                "bidi": get_language_info(code)["bidi"],
            }
        )
    return {"links": links, "current_name": _language_name(current)}


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
    """A moment as people read it in the current language, UK time: '2 listopada 2026, 17:00'."""
    if not value:
        return ""
    from django.utils import timezone
    from django.utils.formats import date_format, time_format

    local = timezone.localtime(value)
    return f"{date_format(local, 'DATE_FORMAT')}, {time_format(local, 'H:i')}"


@register.filter
def defang(value):
    """Typed text for an email to an unconfirmed address: no links (``portal.emails``)."""
    from portal.emails import defang as make_unlinkable

    return make_unlinkable(value)
