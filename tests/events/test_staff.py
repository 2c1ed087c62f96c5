"""Staff screens: attendee list with access needs, export, attendance, messages,
cancelling an event, and how attendance feeds the consultation's numbers."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from consultations.models import Response
from events import participation, signups
from events.models import EventMessage, EventSignup
from tests.consultations.factories import make_consultation, make_index_page, make_response
from tests.events import factories

pytestmark = pytest.mark.django_db


def admin_url(event, route=""):
    return f"/admin/events/{event.pk}/{route}"


def test_the_attendee_list_shows_access_needs_and_the_waiting_list(admin_client, event_index):
    event = factories.make_event(event_index, capacity=1)
    signups.sign_up(event, factories.details(1, access_needs=["bsl"], phone="07700 900123"))
    signups.sign_up(event, factories.details(2, access_needs=["dietary"], access_details="Vegan"))

    text = admin_client.get(admin_url(event)).content.decode()

    assert "British Sign Language (BSL) interpreter" in text and "07700 900123" in text
    assert "Waiting list (in order)" in text and "Vegan" in text
    assert "1 of 1 places taken, 1 waiting" in text


def test_staff_without_the_permission_cannot_see_attendees(client, event, django_user_model):
    user = django_user_model.objects.create_user("editor", "e@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    signups.sign_up(event, factories.details(1))
    for url in (admin_url(event), admin_url(event, "export.csv")):
        refused = client.get(url)
        assert refused.status_code in (302, 403)  # Wagtail sends them back to the dashboard
        assert b"person1@example.org" not in refused.content
    user.user_permissions.add(Permission.objects.get(codename="view_eventsignup"))
    assert b"person1@example.org" in client.get(admin_url(event)).content
    assert client.post(admin_url(event, "message/"), {"subject": "x", "body": "y"}).status_code in (
        302,
        403,
    )
    assert not EventMessage.objects.exists()


def test_the_export_lists_everyone_in_order_and_neutralises_formulae(admin_client, event_index):
    event = factories.make_event(event_index, capacity=1)
    signups.sign_up(event, factories.details(1, name='=HYPERLINK("http://x")'))
    signups.sign_up(event, factories.details(2, access_needs=["step_free"]))

    response = admin_client.get(admin_url(event, "export.csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))

    assert rows[0][:3] == ["Order", "Status", "Waiting position"]
    assert rows[1][3].startswith("'=HYPERLINK")
    assert rows[2][:3] == ["2", "On the waiting list", "1"]
    assert rows[2][6] == "Step-free access"


def test_staff_mark_attendance_and_the_consultation_counts_event_participation(
    admin_client, client, home_page, event_index
):
    consultation = make_consultation(make_index_page(home_page))
    event = factories.make_event(
        event_index, starts_in=timedelta(days=-2), related_consultation=consultation
    )
    people = [signups.sign_up(event, factories.details(n)).signup for n in range(1, 7)]
    marks = {f"attendance-{s.pk}": "attended" for s in people[:5]}
    marks[f"attendance-{people[5].pk}"] = "no_show"

    admin_client.post(admin_url(event), marks)

    assert EventSignup.objects.filter(attendance="attended").count() == 5
    make_response(consultation, channel=Response.Channel.EVENT, status="submitted")
    figures = participation.for_consultation(consultation)
    assert (figures.events, figures.attended, figures.event_responses) == (1, 5, 1)
    staff_page = admin_client.get(admin_url(event)).content.decode()
    assert "People recorded as attending: 5" in staff_page
    assert "Responses entered from events: 1" in staff_page
    assert f"/{consultation.pk}/enter/" in staff_page  # enter what was said, channel "event"
    assert "5 people took part." in client.get(event.url).content.decode()


def test_a_past_event_with_few_attendees_says_fewer_than_five(admin_client, client, event_index):
    event = factories.make_event(event_index, starts_in=timedelta(days=-2))
    signup = signups.sign_up(event, factories.details(1)).signup
    admin_client.post(admin_url(event), {f"attendance-{signup.pk}": "attended"})
    assert "fewer than 5 people took part." in client.get(event.url).content.decode()


def test_a_message_goes_to_everyone_with_a_place_and_nobody_waiting(
    admin_client, event_index, committed
):
    event = factories.make_event(event_index, capacity=2)
    for n in range(1, 4):
        signups.sign_up(event, factories.details(n))
    mail.outbox.clear()

    with committed():
        admin_client.post(
            admin_url(event, "message/"),
            {"subject": "Room change", "body": "We are now in room 4, on the ground floor."},
        )

    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person2@example.org"]
    assert all("room 4" in m.body and m.subject == "Room change" for m in mail.outbox)


def test_the_organiser_cancels_and_everyone_is_told(admin_client, client, event_index, committed):
    event = factories.make_event(event_index, capacity=1)
    signups.sign_up(event, factories.details(1))
    signups.sign_up(event, factories.details(2))
    mail.outbox.clear()

    with committed():
        admin_client.post(admin_url(event, "cancel/"), {"reason": "The venue is closed."})

    assert len(mail.outbox) == 2
    assert set(EventSignup.objects.values_list("status", flat=True)) == {"cancelled"}
    assert "The venue is closed." in client.get(event.url).content.decode()


def test_the_consultation_results_can_show_event_participation(home_page, event_index):
    from django.template import Context, Template

    consultation = make_consultation(make_index_page(home_page))
    event = factories.make_event(
        event_index, starts_in=timedelta(days=-1), related_consultation=consultation
    )
    signup = signups.sign_up(event, factories.details(1)).signup
    signups.record_attendance(event, {signup.pk: "attended"})
    template = Template("{% load events_tags %}{% event_participation page %}")

    text = template.render(Context({"page": consultation}))

    assert "1 event is linked to this consultation." in text
    assert "People recorded as attending: 1." in text
    assert f"/admin/events/{event.pk}/" in text
    unlinked = make_consultation(make_index_page(home_page, slug="more"), slug="other")
    assert "event-participation" not in template.render(Context({"page": unlinked}))


def test_staff_cancel_a_place_for_someone_who_phoned_and_the_next_person_moves_up(
    admin_client, event_index, committed
):
    event = factories.make_event(event_index, capacity=1)
    first = signups.sign_up(event, factories.details(1)).signup
    signups.sign_up(event, factories.details(2))
    assert f"cancel-place/{first.pk}/" in admin_client.get(admin_url(event)).content.decode()
    mail.outbox.clear()

    with committed():
        admin_client.post(admin_url(event, f"cancel-place/{first.pk}/"))

    assert factories.statuses(event) == ["cancelled", "confirmed"]
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person2@example.org"]
