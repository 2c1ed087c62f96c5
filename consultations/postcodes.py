"""UK postcodes: validate, normalise, and map to one of our areas where we can.

A postcode is filed by its district (outward code): first an area's own "postcode
districts" field, then the borough holding more than half of the district's postcodes
in OS Code-Point Open (``data/postcode_districts_nwl.csv``; its source, licence and
what it leaves unknown are in ``data/postcode_districts_nwl.SOURCE.md``).
"""

import csv
import functools
import re
from pathlib import Path

from portal.models import Area

# The Royal Mail format: outward code (area letters, district digit(s)), inward code.
POSTCODE_RE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$")
DISTRICT_RE = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
DISTRICTS_CSV = Path(__file__).resolve().parent / "data" / "postcode_districts_nwl.csv"


def normalise(raw: str) -> str | None:
    """'sw1a1aa ' -> 'SW1A 1AA'; None when it is not a UK postcode."""
    compact = re.sub(r"\s+", "", (raw or "").upper())
    if not POSTCODE_RE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def outward_code(postcode: str) -> str:
    return postcode.split(" ", 1)[0]


def district_of(raw: str | None) -> str | None:
    """The postcode district of a full postcode, or of a district on its own ('HA9')."""
    full = normalise(raw or "")
    if full:
        return outward_code(full)
    compact = re.sub(r"\s+", "", (raw or "").upper())
    return compact if DISTRICT_RE.match(compact) else None


@functools.cache
def borough_by_district() -> dict[str, str]:
    """District -> ONS code of the borough holding more than half of its postcodes."""
    boroughs = {}
    with DISTRICTS_CSV.open(encoding="utf-8", newline="") as source:
        for row in csv.DictReader(source):
            if 2 * int(row["postcodes_in_borough"]) > int(row["postcodes_in_district"]):
                boroughs[row["district"]] = row["borough_code"]
    return boroughs


def area_for(postcode: str | None) -> Area | None:
    """The area this postcode's district belongs to, or None when that is not known."""
    district = district_of(postcode)
    if not district:
        return None
    for area in Area.objects.exclude(postcode_districts=""):
        if district in area.postcode_districts.upper().split():
            return area
    code = borough_by_district().get(district)
    if code is None:
        return None
    return Area.objects.filter(ons_code=code).order_by("pk").first()
