"""Keep the secrets in our links out of logs.

Some links carry a secret in their path: whoever has the link can see or change a
person's data (an event place, a "save and come back" draft, an invitation, an account
confirmation or password reset). Access logs and Django's request logs would otherwise
keep every one of them, readable by anyone who reads the logs.

``mask_tokens`` replaces the secret part of those known links with ``***``. It is used by
``MaskTokensFilter`` (a logging filter on every handler in ``settings.LOGGING``:
``django.request``'s "Not Found: /path", runserver's request lines) and by gunicorn's
access log (``docker/gunicorn.conf.py``).

No Django import here: gunicorn loads it before Django is set up.
"""

from __future__ import annotations

import logging
import re

MASK = "***"
_SEGMENT = r"[^/?#\s\"']+"
# (what comes before the secret, the secret) for each kind of link that holds one.
TOKEN_PATHS = [
    re.compile(rf"(/resume/)({_SEGMENT})"),  # survey "save and come back" / edit link
    re.compile(rf"(/invitation/)({_SEGMENT})"),  # panel survey and event invitations
    re.compile(rf"(/panel/confirm/)({_SEGMENT})"),  # panel membership confirmation
    re.compile(rf"(/panel/membership/link/)({_SEGMENT})"),  # panel "manage" link
    re.compile(rf"(/events/place/)({_SEGMENT})"),  # a person's own event place
    re.compile(rf"(/accounts/confirm-email/)({_SEGMENT})"),  # allauth email confirmation
    re.compile(rf"(/accounts/password/reset/key/)({_SEGMENT})"),  # allauth password reset
    re.compile(rf"(/password_reset/confirm/)({_SEGMENT}/{_SEGMENT})"),  # Wagtail admin's
]
TOKEN_PARAMETERS = re.compile(r"([?&](?:token|key|code)=)([^&#\s\"']+)", re.IGNORECASE)


def mask_tokens(text):
    """``text`` with the secret of every known token link replaced by ``***``."""
    if not isinstance(text, str) or ("/" not in text and "=" not in text):
        return text
    for pattern in TOKEN_PATHS:
        text = pattern.sub(rf"\g<1>{MASK}", text)
    return TOKEN_PARAMETERS.sub(rf"\g<1>{MASK}", text)


class MaskTokensFilter(logging.Filter):
    """Masks token links in a log record's message (formatted once, here)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted record is logging's to report
            return True
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
