"""Remove personal data from a quote before it leaves the analysis screens.

Pure functions, no database: ``redact(text, names=..., phrases=...)`` replaces

- email addresses,
- NHS numbers (10 digits, spaced 3-3-4 or not, whose modulus-11 check digit is
  right; other 10-digit runs are left to the phone rule),
- UK phone numbers (07700 900123, 020 7946 0958, (020) 7946 0958, 0161 496 0000,
  +44 7700 900123, +44 (0)20 7946 0958, 0044 ...),
- full UK postcodes (HA1 1AA, ha11aa, SW1A 2AA, GIR 0AA),
- dates of birth: a full date (day, month and year, in 01/02/1980, 1-2-80,
  1980-02-01, 1 February 1980, 1st Feb 1980 or February 1, 1980 form) that follows
  "born", "DOB" or "date of birth", and any full date in a year at least
  ``DOB_MIN_AGE`` years ago (a birth date is the commonest reason to write one),
- the respondent's own name parts (from their contact record; each part of two
  letters or more, whole words, any case),
- phrases an analyst marked by hand,

each with a short translated marker such as "[email removed]". What a report, PDF or
spreadsheet shows is the result: the original text never leaves the system.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

DOB_MIN_AGE = 16

EMAIL_RE = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]*[A-Za-z]{2,}",
)
# Ten digits as 3-3-4 with spaces or hyphens, or run together.
NHS_RE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\d)")
# A separator may come before each digit: spaces, hyphens and the brackets of (020).
_DIGIT = r"[ \-()\u00a0]{0,2}\d"
PHONE_RES = [
    # +44 / 0044, an optional (0) or 0, then the 9 or 10 digits of the national number.
    re.compile(rf"(?:\+|(?<!\d)00)[ \u00a0]?44[ \u00a0]?(?:\(0\)|0)?(?:{_DIGIT}){{9,10}}(?!\d)"),
    # National form: 0 then 9 or 10 more digits, (020) brackets allowed.
    re.compile(rf"(?<![\d+])\(?0(?:{_DIGIT}){{9,10}}(?!\d)"),
]
POSTCODE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]?[ \u00a0]*\d[A-Z]{2})(?![A-Za-z0-9])",
    re.IGNORECASE,
)
MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19|20)?\d{2}"
DATE_RE = re.compile(
    rf"(?<![\w/.-])(?:"
    rf"(?P<d1>{_DAY})[/.-](?P<m1>{_MONTH_NUMBER})[/.-](?P<y1>{_YEAR})"
    rf"|(?P<y2>(?:19|20)\d{{2}})-(?P<m2>{_MONTH_NUMBER})-(?P<d2>{_DAY})"
    rf"|(?P<d3>{_DAY})(?:st|nd|rd|th)?[ \u00a0]+(?:of[ \u00a0]+)?(?P<m3>{MONTHS})\.?,?[ \u00a0]+"
    rf"(?P<y3>(?:19|20)\d{{2}})"
    rf"|(?P<m4>{MONTHS})\.?[ \u00a0]+(?P<d4>{_DAY})(?:st|nd|rd|th)?,?[ \u00a0]+"
    rf"(?P<y4>(?:19|20)\d{{2}})"
    rf")(?![\w/-])",
    re.IGNORECASE,
)
DOB_CUE_RE = re.compile(
    r"(?:\bborn\b|\bd\.?o\.?b\b\.?|date of birth|birthday)\W{0,3}(?:on\W+)?$", re.IGNORECASE
)
NAME_PART_RE = re.compile(r"[^\W\d_]{2,}(?:['’][^\W\d_]+)*")


_MARKERS: dict[str | None, dict[str, str]] = {}


def markers() -> dict[str, str]:
    """What each kind of removed data is replaced with (in the active language)."""
    language = get_language()
    if language not in _MARKERS:
        _MARKERS[language] = _markers()
    return _MARKERS[language]


def _markers() -> dict[str, str]:
    return {
        "email": _("[email removed]"),
        "nhs_number": _("[NHS number removed]"),
        "phone": _("[phone number removed]"),
        "postcode": _("[postcode removed]"),
        "date_of_birth": _("[date of birth removed]"),
        "name": _("[name removed]"),
        "manual": _("[removed]"),
    }


def is_valid_nhs_number(value: str) -> bool:
    """True for ten digits whose last is the modulus-11 check digit of the first nine."""
    digits = re.sub(r"[ -]", "", value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def name_parts(name: str) -> list[str]:
    """The parts of a person's name worth looking for: words of two letters or more."""
    return sorted(set(NAME_PART_RE.findall(name or "")), key=lambda p: (-len(p), p.lower()))


def _year(value: str) -> int:
    year = int(value)
    if len(value) == 2:
        # Two-digit years: 00 up to this year's two digits are this century.
        this_year = timezone.now().year % 100
        year += 2000 if year <= this_year else 1900
    return year


def _is_date_of_birth(match: re.Match, text: str) -> bool:
    groups = match.groupdict()
    year = next(_year(groups[k]) for k in ("y1", "y2", "y3", "y4") if groups[k])
    if year > timezone.now().year:
        return False
    if DOB_CUE_RE.search(text[max(0, match.start() - 30) : match.start()]):
        return True
    return year <= timezone.now().year - DOB_MIN_AGE


class _Markers:
    """Stands each removed piece in for a private-use character until the end.

    So a later rule never matches inside an earlier marker (a respondent called
    "Phone" keeps "[phone number removed]" whole) and markers never join up with
    neighbouring digits into something that looks like a number.
    """

    BASE = 0xF0000

    def __init__(self):
        self.texts: list[str] = []

    def token(self, marker: str) -> str:
        self.texts.append(marker)
        return chr(self.BASE + len(self.texts) - 1)

    def restore(self, text: str) -> str:
        return re.sub(
            "[\U000f0000-\U000ffffd]",
            lambda m: (
                self.texts[ord(m.group(0)) - self.BASE]
                if ord(m.group(0)) - self.BASE < len(self.texts)
                else ""
            ),
            text,
        )


def _replace_phrases(text: str, phrases: Iterable[str], replace) -> str:
    for phrase in sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True):
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())
        text = re.sub(pattern, replace, text, flags=re.IGNORECASE)
    return text


def redact(text: str, *, names: Iterable[str] = (), phrases: Iterable[str] = ()) -> str:
    """``text`` with personal data replaced by markers.

    ``names`` are full names from the respondent's contact record (each split into
    parts); ``phrases`` are manual redactions marked by an analyst.
    """
    if not text:
        return text or ""
    marks = markers()
    held = _Markers()
    # Private-use characters in the input are not ours: drop them.
    text = re.sub("[\U000f0000-\U000ffffd]", "", text)

    def put(kind):
        return lambda _match: held.token(marks[kind])

    phrases = list(phrases)
    text = _replace_phrases(text, phrases, put("manual"))
    if "@" in text:
        text = EMAIL_RE.sub(put("email"), text)
    # Every other rule needs a digit: most free text has none, and skips them.
    if any(ch.isdigit() for ch in text):
        text = NHS_RE.sub(
            lambda m: (
                held.token(marks["nhs_number"]) if is_valid_nhs_number(m.group(0)) else m.group(0)
            ),
            text,
        )
        for phone_re in PHONE_RES:
            text = phone_re.sub(put("phone"), text)
        text = POSTCODE_RE.sub(put("postcode"), text)
        text = DATE_RE.sub(
            lambda m: (
                held.token(marks["date_of_birth"]) if _is_date_of_birth(m, m.string) else m.group(0)
            ),
            text,
        )
    parts = sorted({p for name in names for p in name_parts(name)}, key=len, reverse=True)
    for part in parts:
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", put("name"), text, flags=re.IGNORECASE)
    text = held.restore(text)
    # Phrases typed from an already redacted quote ("Dr [name removed] said").
    return _replace_phrases(text, phrases, lambda _m: marks["manual"])
