"""The events demo content, loaded on a bare site (not the whole demo)."""

from io import StringIO

import pytest
from django.utils import timezone

from events.demo import load_demo
from events.models import EventIndexPage, EventPage, EventSignup
from tests.consultations.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_four_focus_groups_a_meeting_in_public_and_a_past_event(home_page, locales):
    from portal.demo.localize import translate

    translate(home_page, locales["ar"], {})
    for slug in ("harrow", "brent", "ealing", "hounslow", "hammersmith-and-fulham"):
        AreaFactory(slug=slug, name=slug.title())
    output = StringIO()

    load_demo(output)
    load_demo(output)  # a second run changes nothing

    assert EventIndexPage.objects.filter(locale=locales["en"]).count() == 1
    events = {e.slug: e for e in EventPage.objects.filter(locale=locales["en"])}
    focus = [e for e in events.values() if e.event_type == "focus_group"]
    assert sorted(e.slug.split("-focus")[0] for e in focus) == [
        "carers",
        "head-teachers",
        "parents",
        "young-women",
    ]
    parents = events["parents-focus-group"]
    assert parents.signups.confirmed().count() == parents.capacity
    assert [s.waiting_position for s in parents.signups.waiting()] == [1, 2, 3, 4]
    assert events["governing-body-meeting-in-public"].event_type == "public_meeting"
    past = [e for e in events.values() if e.ends_at < timezone.now()]
    assert len(past) == 1
    assert past[0].signups.filter(attendance="attended").count() > 0
    assert EventSignup.objects.count() == 67
    assert "already there" in output.getvalue()
    arabic = events["carers-focus-group"].get_translation(locales["ar"])
    assert arabic.title == "مجموعة تركيز: مقدمو الرعاية غير المأجورين"
    assert arabic.source_page.pk == events["carers-focus-group"].pk
