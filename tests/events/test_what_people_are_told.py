"""What the public is told about an event: who may sign up, places left, waiting."""

import pytest
from bs4 import BeautifulSoup

from events.choices import Audience
from events.models import EventInvitation, EventSignup
from tests.citizens_panel.factories import MemberFactory
from tests.events import factories

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_an_invitation_only_event_shows_no_sign_up_button_to_the_public(client, event_index):
    event = factories.make_event(event_index, audience=Audience.INVITE)
    html = client.get(event.url).content.decode()
    assert "By invitation only" in html
    assert "sign-up/" not in html and "Sign up" not in text_of(html)


def test_the_invited_person_sees_the_sign_up_button_after_their_link(client, event_index):
    event = factories.make_event(event_index, audience=Audience.INVITE)
    invitation = EventInvitation.objects.create(
        event=event, member=MemberFactory(email="ivy@example.org")
    )
    client.post(event.url + f"invitation/{invitation.token}/")
    html = client.get(event.url).content.decode()
    assert f'href="{event.url}sign-up/"' in html and "By invitation only" not in html


def test_an_open_event_still_has_its_sign_up_button(client, event):
    html = client.get(event.url).content.decode()
    assert f'href="{event.url}sign-up/"' in html and "By invitation only" not in html


def test_the_events_list_shows_places_left_in_words(client, event_index, committed):
    roomy = factories.make_event(event_index, slug="roomy", capacity=10)
    one = factories.make_event(event_index, slug="one-left", title="Nearly full", capacity=2)
    full = factories.make_event(event_index, slug="full", title="Full one", capacity=1)
    factories.make_event(event_index, slug="invited", title="Invited", audience=Audience.INVITE)
    with committed():
        client.post(one.url + "sign-up/", factories.form_data(1))
        client.post(full.url + "sign-up/", factories.form_data(2))
    text = text_of(client.get(event_index.url).content.decode())
    assert "10 places left" in text
    assert "1 place left" in text and "1 places left" not in text
    assert "Full: you can join the waiting list" in text
    assert "By invitation only" in text
    assert roomy.places_left == 10


def test_the_waiting_list_page_is_a_plain_message_not_a_success_panel(
    client, event_index, committed
):
    event = factories.make_event(event_index, capacity=1)
    with committed():
        client.post(event.url + "sign-up/", factories.form_data(1))
        client.post(event.url + "sign-up/", factories.form_data(2))
    waiting = EventSignup.objects.get(email="person2@example.org")
    assert waiting.status == "waiting"
    html = client.get(f"/en/events/place/{waiting.token}/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select(".nhsuk-panel") == []
    text = text_of(html)
    assert "You are on the waiting list; we will email you if a place comes up." in text
    assert "cancel so someone on the waiting list" not in text
    assert "Leave the waiting list" in text
