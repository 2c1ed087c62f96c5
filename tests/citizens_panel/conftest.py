import pytest

from citizens_panel import benchmarks
from portal.demo.areas import PLACES
from portal.models import Area


@pytest.fixture
def census(db):
    """The shipped Census 2021 benchmarks, loaded."""
    return benchmarks.load_default()


@pytest.fixture
def nwl_areas(db):
    """The eight North West London areas with their ONS codes, keyed by ONS code."""
    areas = {}
    for place in PLACES:
        areas[place.ons_code] = Area.objects.create(
            name=place.name, slug=place.slug, ons_code=place.ons_code, kind=place.kind
        )
    return areas


@pytest.fixture
def hounslow(nwl_areas):
    area = nwl_areas["E09000018"]
    area.postcode_districts = "TW3 TW4 TW5"
    area.save()
    return area
