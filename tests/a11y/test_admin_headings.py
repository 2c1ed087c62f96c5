"""Every staff page of ours says what it is in an <h1> (WCAG 1.3.1, 2.4.6), not only in
the browser tab: Wagtail's generic layout draws the heading from ``page_title``."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from citizens_panel.models import Sample
from consultations.models import ConsultationPage
from events.models import EventPage

pytestmark = pytest.mark.django_db


def staff_pages():
    event = EventPage.objects.live().first().pk
    consultation = ConsultationPage.objects.filter(responses__isnull=False).first().pk
    sample = Sample.objects.first().pk
    return [
        reverse("feedback_explorer:explore"),
        reverse("events_admin:index"),
        reverse("events_admin:attendees", args=[event]),
        reverse("events_admin:invite", args=[event]),
        reverse("events_admin:message", args=[event]),
        reverse("events_admin:cancel", args=[event]),
        reverse("citizens_panel_admin:dashboard"),
        reverse("citizens_panel_admin:import"),
        reverse("citizens_panel_admin:benchmarks"),
        reverse("citizens_panel_admin:samples"),
        reverse("citizens_panel_admin:new_sample"),
        reverse("citizens_panel_admin:sample", args=[sample]),
        reverse("consultation_results:index"),
        reverse("consultation_results:summary", args=[consultation]),
        reverse("consultation_results:enter", args=[consultation]),
        reverse("consultation_results:import", args=[consultation]),
        reverse("draft_moderation:queue"),
        reverse("themes:index"),
        reverse("feedback_reports:index"),
        reverse("privacy_admin:index"),
    ]


def test_every_staff_page_has_a_heading_naming_it(client, demo_site):
    client.force_login(get_user_model().objects.get(username="admin"))
    without = []
    for url in staff_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        page = BeautifulSoup(response.content.decode(), "html.parser")
        headings = [h.get_text(" ", strip=True) for h in page.find_all("h1")]
        if not any(headings):
            without.append(url)
    assert not without, f"pages without a heading: {without}"
