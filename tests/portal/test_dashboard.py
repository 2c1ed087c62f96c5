"""The staff dashboard on the admin home: what needs doing, for the people who may do it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import DraftComment, DraftVersion, PolicyDraftPage, Response
from portal import dashboard
from privacy import roles
from reports import versions
from reports.models import FeedbackReportVersion
from tests.consultations.factories import (
    StaffUserFactory,
    make_consultation,
    make_index_page,
    make_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(home_page):
    """Two open consultations (one closing in 5 days), one closing in 30, responses this
    week and last week, a comment waiting for moderation, a report waiting for sign-off."""
    now = timezone.now()
    index = make_index_page(home_page)
    soon = make_consultation(
        index,
        title="Urgent care in Harrow",
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=5),
    )
    later = make_consultation(
        index,
        title="Merging commissioning",
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=30),
    )
    make_consultation(  # closed: not on the dashboard
        index,
        title="Old survey",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
    )
    monday = dashboard.week_start(now)
    for _ in range(3):
        make_response(soon, submitted_at=monday + (now - monday) / 2)
    make_response(later, submitted_at=monday - timedelta(days=2))  # last week
    draft = PolicyDraftPage(
        title="Knee arthroscopy", slug="knee", intro="A draft.", version_label="1", sections=[]
    )
    index.add_child(instance=draft)
    draft.save_revision().publish()
    version = DraftVersion.objects.get(page=draft)
    DraftComment.objects.create(version=version, text="Please keep it.", status="pending")
    DraftComment.objects.create(version=version, text="Fine.", status="approved")
    report = versions.report_for(later)
    FeedbackReportVersion.objects.create(report=report, number=1, status="draft")
    return {"soon": soon, "later": later}


def member_of(*group_names):
    roles.setup_roles()
    user = StaffUserFactory()
    for name in group_names:
        user.groups.add(Group.objects.get(name=name))
    return user


def part(html, key):
    return html.split(f'id="dashboard-{key}"', 1)[1].split("</section>", 1)[0]


def count(html, key):
    return part(html, key).split('class="staff-dashboard__count">', 1)[1].split("<span", 1)[0]


def test_engagement_lead_sees_what_is_waiting_with_a_link_to_each_screen(client, work):
    client.force_login(member_of(roles.ENGAGEMENT_LEADS))
    html = client.get("/admin/").content.decode()
    assert 'id="staff-dashboard-section"' in html
    assert "Today&#x27;s work" in html or "Today's work" in html
    consultations = part(html, "consultations")
    assert ">2<" in consultations  # open now
    assert "1 closing in the next 14 days" in consultations
    assert "Urgent care in Harrow" in consultations and "Merging commissioning" not in consultations
    assert f'href="/admin/consultation-results/{work["soon"].pk}/"' in consultations
    assert count(html, "responses").endswith(">3")
    assert 'href="/admin/responses/"' in part(html, "responses")
    assert count(html, "comments").endswith(">1")
    assert 'href="/admin/draft-comments/"' in part(html, "comments")
    reports = part(html, "reports")
    assert count(html, "reports").endswith(">1")
    assert f"/admin/feedback-reports/{work['later'].pk}/v1/" in reports


def test_moderator_sees_only_the_comments_waiting(client, work):
    client.force_login(member_of(roles.MODERATORS))
    html = client.get("/admin/").content.decode()
    assert 'id="dashboard-comments"' in html
    for key in ("consultations", "responses", "reports"):
        assert f'id="dashboard-{key}"' not in html


def test_governing_body_reader_sees_no_dashboard(client, work):
    client.force_login(member_of(roles.GOVERNING_BODY_READERS))
    html = client.get("/admin/").content.decode()
    assert "staff-dashboard" not in html


def test_editor_without_results_sees_consultations_linked_to_the_page_editor(client, work):
    client.force_login(member_of(roles.COMMUNICATIONS_EDITORS))
    html = client.get("/admin/").content.decode()
    consultations = part(html, "consultations")
    assert f'href="/admin/pages/{work["soon"].pk}/edit/"' in consultations
    assert 'id="dashboard-responses"' not in html


def test_dashboard_reads_a_fixed_number_of_queries_whatever_the_data(rf, work, home_page):
    lead = member_of(roles.ENGAGEMENT_LEADS)

    def queries():
        lead_fresh = type(lead).objects.get(pk=lead.pk)  # no permission cache
        request = rf.get("/admin/")
        request.user = lead_fresh
        with CaptureQueriesContext(connection) as captured:
            dashboard.StaffDashboardPanel().render_html({"request": request})
        return len(captured)

    before = queries()
    index = work["soon"].get_parent()
    now = timezone.now()
    for n in range(6):
        page = make_consultation(
            index,
            title=f"More {n}",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=2),
        )
        make_response(page)
        FeedbackReportVersion.objects.create(
            report=versions.report_for(page), number=1, status="draft"
        )
    assert queries() == before
    print("dashboard queries:", before)
    assert before <= 10
    assert Response.objects.count() > 4
