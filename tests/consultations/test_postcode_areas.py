"""A respondent's postcode files their response under the right North West London area."""

import csv

import pytest

from citizens_panel.demo import DISTRICTS
from consultations import postcodes
from portal.demo.areas import PLACES
from portal.models import Area


@pytest.fixture
def demo_areas(db):
    """The eight demo places, as ``load_demo_content`` creates them (no districts typed)."""
    return {
        place.ons_code: Area.objects.create(
            name=place.name, slug=place.slug, ons_code=place.ons_code, kind=place.kind
        )
        for place in PLACES
    }


def test_demo_respondents_postcodes_are_filed_under_their_own_borough(demo_areas):
    """HA9, UB8, W2...: every district the demo gives its people finds its area."""
    for code, districts in DISTRICTS.items():
        for district in districts:
            assert postcodes.area_for(f"{district} 4AB") == demo_areas[code], district


@pytest.mark.parametrize(
    ("postcode", "slug"),
    [
        ("ha9 0ws", "brent"),
        ("UB8 1PH", "hillingdon"),
        ("W2 1NY", "central-london"),
        ("SW6 1HS", "hammersmith-and-fulham"),
        ("W8 4PX", "west-london"),
        ("TW3 1ES", "hounslow"),
        ("HA1 2AB", "harrow"),
        ("W5 2HL", "ealing"),
    ],
)
def test_postcode_typed_any_way_is_filed_under_its_borough(demo_areas, postcode, slug):
    assert postcodes.area_for(postcode).slug == slug


def test_district_kept_after_retention_is_still_filed(demo_areas):
    """Retention cuts a postcode to its district: 'HA9' alone still finds Brent."""
    assert postcodes.area_for("HA9").slug == "brent"


@pytest.mark.parametrize("postcode", ["NW6 1AA", "WC2H 9AA", "SW1A 1AA x", "M1 1AE", "", None])
def test_postcode_with_no_clear_borough_is_not_known(demo_areas, postcode):
    """NW6 is split between Camden and Brent; M1 is Manchester; nonsense is nonsense."""
    assert postcodes.area_for(postcode) is None


def test_staff_postcode_districts_come_before_the_shipped_lookup(demo_areas):
    harrow = demo_areas["E09000015"]
    harrow.postcode_districts = "HA9"
    harrow.save()
    assert postcodes.area_for("HA9 0WS") == harrow


def test_shipped_lookup_counts_add_up_and_name_only_the_eight_boroughs():
    with postcodes.DISTRICTS_CSV.open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    assert {row["borough_code"] for row in rows} == {place.ons_code for place in PLACES}
    by_district = {}
    for row in rows:
        by_district.setdefault(row["district"], []).append(row)
    assert len(by_district) == 91
    for district, district_rows in by_district.items():
        totals = {int(row["postcodes_in_district"]) for row in district_rows}
        assert len(totals) == 1, district
        assert sum(int(row["postcodes_in_borough"]) for row in district_rows) <= totals.pop()
    assert postcodes.DISTRICTS_CSV.with_suffix(".SOURCE.md").exists()
