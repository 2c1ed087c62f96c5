"""Text a visitor typed, made safe to put in an email we send to an address they typed.

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

SCHEME = re.compile(r":(?=//)")
HOST_DOT = re.compile(r"(?<=\w)\.(?=[^\W\d_]{2,})")


def defang(text) -> str:
    text = SCHEME.sub("[:]", str(text))
    return HOST_DOT.sub("[.]", text)
