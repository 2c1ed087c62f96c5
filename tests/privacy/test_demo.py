"""The demo person has data in every source, so staff can try a request on them."""

from io import StringIO

import pytest

from privacy import demo, dsr, scan
from tests.privacy.conftest import make_comment, make_draft

pytestmark = pytest.mark.django_db


def test_the_demo_person_is_found_everywhere_then_erased(consultation, home_page):
    make_comment(make_draft(consultation.get_parent()), text="Another person's comment.")
    out = StringIO()
    demo.load_demo(out)
    demo.load_demo(out)  # idempotent

    found = {name: len(records) for name, records in dsr.find(demo.EMAIL).items()}
    assert found["responses"] == found["comments"] == found["panel"] == found["account"] == 1
    assert "already there" in out.getvalue()

    dsr.erase(demo.EMAIL)
    assert scan.find(demo.EMAIL) == []
