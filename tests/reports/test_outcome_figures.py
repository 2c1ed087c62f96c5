"""'You said, we did' shows the figures of the signed-off report it was started from."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations.models import OutcomeIndexPage, Response, YouSaidWeDidPage
from reports import versions
from tests.consultations.factories import make_response


def seed(client, lead, version):
    client.force_login(lead)
    client.post(reverse("feedback_reports:seed", args=[version.report.page_id, version.number]))
    outcome = YouSaidWeDidPage.objects.get()
    outcome.get_latest_revision().publish()
    outcome.refresh_from_db()
    return outcome


def headline(html: str) -> str:
    return html.split('id="headline-total"><strong>', 1)[1].split("<", 1)[0]


def test_outcome_page_shows_the_signed_off_figures_and_the_live_count_apart(
    client, engagement_lead, built_version, home_page, coded_consultation, areas
):
    home_page.add_child(instance=OutcomeIndexPage(title="Outcomes", slug="outcomes"))
    versions.sign_off(built_version, engagement_lead)
    outcome = seed(client, engagement_lead, built_version)
    assert outcome.report_version == built_version

    make_response(coded_consultation.page, area=areas["harrow"])  # after the sign-off
    live = Response.objects.submitted().filter(consultation=coded_consultation.page).count()
    assert (built_version.data["total"], live) == (20, 21)

    client.logout()
    html = client.get(outcome.url).content.decode()
    assert headline(html) == "20"
    assert "These figures are from our feedback report, signed off on" in html
    assert "Counted today, with those received since: 21 responses." in html
    harrow = html[html.index("Harrow") :]
    assert harrow.split("<td", 1)[1].split(">", 1)[1].startswith("17<")  # the report's 17


def test_outcome_page_not_started_from_a_report_counts_live_and_says_nothing_more(
    client, home_page, coded_consultation, areas
):
    index = home_page.add_child(instance=OutcomeIndexPage(title="Outcomes", slug="outcomes"))
    outcome = YouSaidWeDidPage(
        title="What we did",
        slug="what-we-did",
        intro="We listened.",
        consultation=coded_consultation.page,
    )
    index.add_child(instance=outcome)
    outcome.save_revision().publish()
    make_response(coded_consultation.page, area=areas["harrow"])
    html = client.get(outcome.url).content.decode()
    assert headline(html) == "21"
    assert "These figures are from our feedback report" not in html
    assert 'id="received-since"' not in html


def test_a_draft_report_cannot_be_named_as_the_source_of_the_figures(
    home_page, built_version, coded_consultation
):
    """Only a signed-off version speaks for the board paper."""
    index = home_page.add_child(instance=OutcomeIndexPage(title="Outcomes", slug="outcomes"))
    outcome = YouSaidWeDidPage(
        title="What we did",
        slug="what-we-did",
        intro="We listened.",
        consultation=coded_consultation.page,
        report_version=built_version,
    )
    with pytest.raises(ValidationError) as refused:
        index.add_child(instance=outcome)
    assert "report_version" in refused.value.message_dict
