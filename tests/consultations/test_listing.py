"""The public list of consultations, its filters and its feed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models.pages import Status
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_consultations(consultation_index, areas, locales):
    from portal.models import Topic

    now = timezone.now()
    open_one = make_consultation(
        consultation_index, title="Open in Harrow", closes_at=now + timedelta(days=5)
    )
    open_one.areas.set([areas["harrow"]])
    open_one.topics.set([Topic.objects.create(name="Carers", slug="carers", locale=locales["en"])])
    open_one.save_revision().publish()
    closed = make_consultation(
        consultation_index, title="Closed in Brent", closes_at=now - timedelta(days=5)
    )
    closed.areas.set([areas["brent"]])
    closed.save_revision().publish()
    upcoming = make_consultation(
        consultation_index, title="Upcoming everywhere", opens_at=now + timedelta(days=5)
    )
    return open_one, closed, upcoming


def test_status_comes_from_the_dates(three_consultations):
    open_one, closed, upcoming = three_consultations
    assert (open_one.status, closed.status, upcoming.status) == (
        Status.OPEN,
        Status.CLOSED,
        Status.UPCOMING,
    )


def test_listing_groups_consultations_by_status(client, consultation_index, three_consultations):
    html = client.get(consultation_index.url).content.decode()
    open_at, upcoming_at, closed_at = (
        html.index('id="status-open"'),
        html.index('id="status-upcoming"'),
        html.index('id="status-closed"'),
    )
    assert open_at < html.index("Open in Harrow") < upcoming_at
    assert upcoming_at < html.index("Upcoming everywhere") < closed_at
    assert closed_at < html.index("Closed in Brent")


def test_listing_filters_by_area_and_topic(client, consultation_index, three_consultations):
    by_area = client.get(consultation_index.url, {"area": "brent"}).content.decode()
    assert "Closed in Brent" in by_area
    assert "Open in Harrow" not in by_area

    by_topic = client.get(consultation_index.url, {"topic": "carers"}).content.decode()
    assert "Open in Harrow" in by_topic
    assert "Closed in Brent" not in by_topic


def test_atom_feed_lists_consultations_with_their_status(
    client, consultation_index, three_consultations
):
    response = client.get(consultation_index.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Open in Harrow (Open)</title>" in body
    assert "<title>Closed in Brent (Closed)</title>" in body
