"""UK postcodes: validate, normalise, and map to one of our areas where we can."""

import re

from portal.models import Area

# The Royal Mail format: outward code (area letters, district digit(s)), inward code.
POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$")


def normalise(raw: str) -> str | None:
    """'sw1a1aa ' -> 'SW1A 1AA'; None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", (raw or "").upper())
    if not POSTCODE_RE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def outward_code(postcode: str) -> str:
    return postcode.split(" ", 1)[0]


def area_for(postcode: str | None) -> Area | None:
    """The area whose listed postcode districts include this postcode's, if one does."""
    if not postcode:
        return None
    district = outward_code(postcode)
    for area in Area.objects.exclude(postcode_districts=""):
        if district in area.postcode_districts.upper().split():
            return area
    return None
