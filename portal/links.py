"""Absolute links for emails: from the request that asked for the email, else one setting.

A page's ``get_full_url()`` reads the hostname and port of its Wagtail ``Site``
record, which the demo sets once (``127.0.0.1:8000``) and nobody updates when the
site runs elsewhere: emailed links then point at a dead address. Links are built
from the address the person is using (``request.build_absolute_uri``; Django checks
its host against ``ALLOWED_HOSTS``), or, for emails sent with no request behind
them (the sweeper, reminders), from ``WAGTAILADMIN_BASE_URL``.
"""

from __future__ import annotations

from django.conf import settings


def base_url(request=None) -> str:
    """``https://host[:port]`` with no trailing slash."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def page_url(page, base: str | None = None) -> str:
    """The page's absolute URL under ``base`` (default: the configured base URL)."""
    parts = page.get_url_parts()
    path = parts[2] if parts else page.url_path
    return (base or base_url()).rstrip("/") + path
