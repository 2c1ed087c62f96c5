"""The language switcher's links: to this page in each other site language.

A link goes to the page's live translation where there is one (keeping the part of
the address after the page, such as a survey step). Where the page has not been
translated, the link goes to a short page in that language saying so, with a link to
that language's home page and one back (``portal.views.not_translated``): never
silently to a home page. One query finds every translation, whatever the number of
languages.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code) or get_language_info(code)["name_local"]


def not_translated_url(code: str, came_from: str) -> str:
    with translation.override(code):
        url = reverse("not_translated")
    return f"{url}?{urlencode({'from': came_from})}"


def safe_return_path(request, path: str) -> str:
    """``path`` if it is an address on this site, else ''."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return ""
    if not url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return path


def links(request, page) -> list[dict]:
    current = get_language()
    others = [code for code, _name in settings.LANGUAGES if code != current]
    urls: dict[str, str] = {}
    path = request.path if request is not None else "/"
    if isinstance(page, Page):
        own_url = page.get_url(request=request) or ""
        rest = path[len(own_url) :] if own_url and path.startswith(own_url) else ""
        translations = (
            Page.objects.filter(translation_key=page.translation_key, live=True)
            .exclude(pk=page.pk)
            .select_related("locale")
        )
        for other in translations:
            code = other.locale.language_code
            if code in others and code not in urls:
                url = other.get_url(request=request)
                if url:
                    urls[code] = url + rest
    elif request is not None:
        for code in others:
            urls[code] = translate_url(path, code)
    full_path = request.get_full_path() if request is not None else "/"
    return [
        {
            "code": code,
            "name": language_name(code),
            "url": urls.get(code) or not_translated_url(code, full_path),
            "translated": code in urls,
            "bidi": get_language_info(code)["bidi"],
        }
        for code in others
    ]
