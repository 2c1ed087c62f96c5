"""Rendering the emails the portal sends: one place, plain text, no HTML escaping.

Every email is a ``<name>_subject.txt`` and a ``<name>_body.txt`` template. They are
plain text, so they are rendered with autoescape off (the site's templates escape
HTML: "Citizens' Panel" would arrive as "Citizens&#x27; Panel"); the subject is
folded onto one line. Text a visitor typed is made safe for email by ``portal.mail``.
"""

from __future__ import annotations

from django.template import Context
from django.template.loader import get_template


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping."""
    template = get_template(template_name).template  # the Django Template itself
    return template.render(Context(context, autoescape=False))


def render(name: str, context: dict) -> tuple[str, str]:
    """(subject, body) of the email ``name`` (e.g. "events/email/confirmed")."""
    subject = " ".join(render_text(f"{name}_subject.txt", context).split())
    return subject, render_text(f"{name}_body.txt", context)
