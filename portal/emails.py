"""The emails the portal sends: one place, plain text, no HTML escaping.

Every email is a ``<name>_subject.txt`` and a ``<name>_body.txt`` template. They are
plain text, so they are rendered with autoescape off (the site's templates escape
HTML: "Citizens' Panel" would arrive as "Citizens&#x27; Panel"); the subject is
folded onto one line.

Anyone can make the portal email any address (join the panel, a copy of your answers,
an event sign-up), so nothing a stranger typed may turn our NHS email into a phishing
message: greetings in those emails carry no typed name, and typed text shown in them
(answers in a copy) goes through ``defang``, which keeps it readable but stops mail
programs making links of it: ``http://evil.example`` becomes ``http[:]//evil[.]example``.
A dot is broken only between a word and two or more letters (a host name), so prices
("£12.50"), "e.g." and "Dr. Smith" read as typed. Templates use the ``defang`` filter
(``portal_tags``).
"""

from __future__ import annotations

import re
import smtplib

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


# What sending an email may fail with for a while, and how every email task retries it
# (Celery's own retries: backoff from 30 s to 30 min, with jitter, ten tries).
MAIL_ERRORS = (smtplib.SMTPException, OSError, ConnectionError, TimeoutError)
MAIL_RETRY = {
    "autoretry_for": MAIL_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 10,
}

SCHEME = re.compile(r":(?=//)")
HOST_DOT = re.compile(r"(?<=\w)\.(?=[^\W\d_]{2,})")


def defang(text) -> str:
    """Typed text that mail programs will not turn into a link."""
    text = SCHEME.sub("[:]", str(text))
    return HOST_DOT.sub("[.]", text)
