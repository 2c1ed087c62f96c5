"""Borough editors work only in their own area, and their edits go through moderation."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from portal.models import AreaPage, StandardPage

pytestmark = pytest.mark.django_db


def member_of(group_name: str, username: str):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.nhs.uk", password="not-used-here"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def brent_editor(demo_site):
    return member_of("Brent editors", "brent.editor")


def area_page(slug: str, language: str = "en") -> AreaPage:
    return AreaPage.objects.get(slug=slug, locale__language_code=language)


@pytest.fixture
def brent_gp_page(demo_site):
    brent = area_page("brent")
    page = brent.add_child(
        instance=StandardPage(
            title="GP opening hours in Brent",
            slug="gp-opening-hours",
            intro="When local GP practices are open.",
        )
    )
    page.save_revision().publish()
    return page


def test_brent_editor_may_edit_and_add_pages_only_under_brent(brent_editor, brent_gp_page):
    harrow = area_page("harrow")

    assert brent_gp_page.permissions_for_user(brent_editor).can_edit()
    assert area_page("brent").permissions_for_user(brent_editor).can_add_subpage()
    assert not harrow.permissions_for_user(brent_editor).can_edit()
    assert not harrow.permissions_for_user(brent_editor).can_add_subpage()


def test_brent_editor_may_edit_the_polish_and_arabic_brent_pages(brent_editor):
    assert area_page("brent", "pl").permissions_for_user(brent_editor).can_edit()
    assert area_page("brent", "ar").permissions_for_user(brent_editor).can_edit()
    assert not area_page("harrow", "pl").permissions_for_user(brent_editor).can_edit()


def test_brent_editor_sees_the_edit_form_for_brent_but_is_turned_away_from_harrow(
    client, brent_editor, brent_gp_page
):
    harrow = area_page("harrow")
    client.force_login(brent_editor)

    brent_edit = client.get(f"/admin/pages/{brent_gp_page.pk}/edit/")
    harrow_edit = client.get(f"/admin/pages/{harrow.pk}/edit/")
    harrow_add = client.get(f"/admin/pages/add/portal/standardpage/{harrow.pk}/")

    assert brent_edit.status_code == 200
    assert harrow_edit.status_code in (302, 403)
    assert harrow_add.status_code in (302, 403)
    if harrow_edit.status_code == 302:
        assert f"/admin/pages/{harrow.pk}/edit/" not in harrow_edit["Location"]


def test_brent_editor_cannot_publish_without_approval(brent_editor, brent_gp_page):
    assert not brent_gp_page.permissions_for_user(brent_editor).can_publish()


def test_edit_submitted_by_brent_editor_waits_for_an_engagement_lead(
    client, brent_editor, brent_gp_page
):
    client.force_login(brent_editor)
    edit_url = f"/admin/pages/{brent_gp_page.pk}/edit/"
    form = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    form["body-count"] = "0"  # the body is drawn by JavaScript; this page's is empty
    form["title"] = "GP opening hours in Brent this winter"
    form["action-submit"] = "Submit for moderation"

    response = client.post(edit_url, form)

    assert response.status_code == 302
    brent_gp_page.refresh_from_db()
    assert brent_gp_page.title == "GP opening hours in Brent"  # the live page is unchanged
    assert brent_gp_page.has_unpublished_changes
    assert brent_gp_page.get_latest_revision_as_object().title.endswith("this winter")

    state = WorkflowState.objects.get(
        base_content_type__model="page", object_id=str(brent_gp_page.pk)
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Editor submits, engagement lead approves"

    task = state.current_task_state.task.specific
    lead = member_of("Engagement leads", "engagement.lead")
    assert "approve" in [name for name, _label, _modal in task.get_actions(brent_gp_page, lead)]
    assert task.get_actions(brent_gp_page, brent_editor) == []


def test_polish_pages_follow_the_same_workflow(demo_site):
    polish_brent = area_page("brent", "pl")
    assert polish_brent.locale == Locale.objects.get(language_code="pl")
    assert polish_brent.get_workflow().name == "Editor submits, engagement lead approves"
