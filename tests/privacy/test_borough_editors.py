"""Borough editors run their borough's consultations and events: they add and edit
them under their own area page and submit them to the workflow; an engagement lead
approves and publishes. They cannot publish, nor touch another borough's pages."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from consultations.models import ConsultationPage
from events.models import EventPage
from portal.models import AreaPage
from privacy.roles import ENGAGEMENT_LEADS, area_editors_group_name, setup_roles
from tests.consultations import factories
from tests.events.factories import make_event, make_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def boroughs(home_page):
    pages = {}
    for name in ("Brent", "Harrow"):
        area = factories.AreaFactory(name=name, slug=name.lower())
        page = home_page.add_child(instance=AreaPage(title=area.name, slug=area.slug, area=area))
        page.save_revision().publish()
        pages[name.lower()] = page
    setup_roles()
    task = GroupApprovalTask.objects.create(name="Engagement lead approval")
    task.groups.add(Group.objects.get(name=ENGAGEMENT_LEADS))
    workflow = Workflow.objects.create(name="Editor submits, engagement lead approves")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home_page, defaults={"workflow": workflow})
    return pages


@pytest.fixture
def brent_editor(boroughs):
    user = factories.StaffUserFactory(username="brent-editor")
    user.groups.add(Group.objects.get(name=area_editors_group_name("Brent")))
    return user


@pytest.fixture
def lead(boroughs):
    user = factories.StaffUserFactory(username="lead")
    user.groups.add(Group.objects.get(name=ENGAGEMENT_LEADS))
    return user


def consultation_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "Tell us about GP opening hours in Brent.",
            "opens_at": "",
            "closes_at": "",
            "body": streamfield([]),
            "documents": streamfield([]),
            "other_ways_to_respond": rich_text(""),
            "privacy_notice": rich_text(""),
            "confirmation_text": rich_text(""),
            "survey": streamfield([]),
            "retention_months": "12",
            "comments": inline_formset([]),
        }
    )


def test_a_brent_editor_adds_a_consultation_under_brent_and_submits_it(
    client, boroughs, brent_editor, lead
):
    client.force_login(brent_editor)
    brent = boroughs["brent"]
    url = f"/admin/pages/add/consultations/consultationpage/{brent.pk}/"
    assert client.get(url).status_code == 200
    data = consultation_form("GP opening hours in Brent", "gp-hours-brent")
    data["action-submit"] = "Submit for moderation"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = ConsultationPage.objects.get(slug="gp-hours-brent")
    assert page.get_parent().pk == brent.pk
    assert not page.live, "a borough editor published without approval"
    assert page.workflow_in_progress
    permissions = page.permissions_for_user(brent_editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    # The engagement lead approves: it goes live, and is listed with the others.
    task_state = page.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, lead, "approve")
    page.refresh_from_db()
    assert page.live
    index = factories.make_index_page(boroughs["brent"].get_parent())
    assert page.pk in [p.pk for p in index.consultations()]


def test_a_brent_editor_cannot_publish_their_consultation(client, boroughs, brent_editor):
    client.force_login(brent_editor)
    url = f"/admin/pages/add/consultations/consultationpage/{boroughs['brent'].pk}/"
    data = consultation_form("Brent pharmacies", "brent-pharmacies")
    data["action-publish"] = "Publish"
    client.post(url, data)
    page = ConsultationPage.objects.get(slug="brent-pharmacies")
    assert not page.live


def test_a_brent_editor_cannot_add_or_edit_in_harrow(client, boroughs, brent_editor):
    harrow = boroughs["harrow"]
    harrow_consultation = factories.make_consultation(harrow, title="Harrow walk-in centre")
    client.force_login(brent_editor)
    add = client.get(f"/admin/pages/add/consultations/consultationpage/{harrow.pk}/")
    assert add.status_code in (302, 403)
    edit = client.get(f"/admin/pages/{harrow_consultation.pk}/edit/")
    assert edit.status_code in (302, 403)
    assert not harrow_consultation.permissions_for_user(brent_editor).can_edit()
    refused = client.post(
        f"/admin/pages/{harrow_consultation.pk}/edit/",
        consultation_form("Taken over by Brent", harrow_consultation.slug),
    )
    assert refused.status_code in (302, 403)
    harrow_consultation.refresh_from_db()
    assert harrow_consultation.title == "Harrow walk-in centre"


def test_a_brent_event_is_the_brent_editors_and_waits_for_a_lead(home_page, boroughs, brent_editor):
    brent, harrow = boroughs["brent"], boroughs["harrow"]
    assert EventPage.can_create_at(brent)
    assert brent.permissions_for_user(brent_editor).can_add_subpage()
    event = make_event(brent, slug="brent-carers", title="Carers' coffee morning, Brent")
    permissions = event.permissions_for_user(brent_editor)
    assert permissions.can_edit() and not permissions.can_publish()
    assert event.get_workflow().name == "Editor submits, engagement lead approves"
    harrow_event = make_event(harrow, slug="harrow-carers")
    assert not harrow_event.permissions_for_user(brent_editor).can_edit()
    # Listed on the events page with the others.
    index = make_index(home_page)
    assert event.pk in [e.pk for e in index.events()]
