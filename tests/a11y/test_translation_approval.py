"""A translation goes through the same approval as the page it translates.

An editor without publish permission uses wagtail-localize's "Translate this page" and
"Sync translated pages" with "Publish immediately": nothing goes live; the translated
page waits for an engagement lead in the source page's workflow. A new translation
(English text, or machine-translated) is a draft for everyone until a person publishes it.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask
from wagtail_localize.models import Translation, TranslationSource

from consultations.models import ConsultationPage
from privacy.roles import COMMUNICATIONS_EDITORS, ENGAGEMENT_LEADS, setup_roles
from tests.consultations import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow(home_page):
    """The demo's workflow: an engagement lead approves, on the English home page."""
    setup_roles()
    task = GroupApprovalTask.objects.create(name="Engagement lead approval")
    task.groups.add(Group.objects.get(name=ENGAGEMENT_LEADS))
    workflow = Workflow.objects.create(name="Editor submits, engagement lead approves")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=home_page, defaults={"workflow": workflow})
    return workflow


@pytest.fixture
def editor(workflow):
    user = factories.StaffUserFactory(username="comms-editor")
    user.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    return user


@pytest.fixture
def lead(workflow):
    user = factories.StaffUserFactory(username="engagement-lead")
    user.groups.add(Group.objects.get(name=ENGAGEMENT_LEADS))
    return user


def translate_this_page(client, page, locale, on_commit):
    # wagtail-localize publishes after the transaction commits: run those callbacks.
    with on_commit(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [locale.pk], "include_subtree": ""},
        )
    assert response.status_code == 302, response.content[:500]
    return ConsultationPage.objects.get(pk=page.get_translation(locale).pk)


def test_translate_this_page_by_an_editor_makes_no_live_polish_page(
    client, consultation, locales, editor, django_capture_on_commit_callbacks
):
    assert not consultation.permissions_for_user(editor).can_publish()
    client.force_login(editor)
    polish = translate_this_page(
        client, consultation, locales["pl"], django_capture_on_commit_callbacks
    )
    assert not polish.live, "an untranslated copy of the English page went live"
    assert client.get(f"/pl/consultations/{polish.slug}/").status_code == 404


def test_a_new_translation_is_a_draft_even_for_a_lead(
    client, consultation, locales, lead, django_capture_on_commit_callbacks
):
    client.force_login(lead)
    polish = translate_this_page(
        client, consultation, locales["pl"], django_capture_on_commit_callbacks
    )
    assert not polish.live, "an English copy went live without anyone reviewing it"


def test_sync_with_publish_immediately_by_an_editor_waits_for_a_lead(
    client, consultation, locales, editor, lead, superuser, django_capture_on_commit_callbacks
):
    # A lead's Polish translation is live.
    client.force_login(superuser)
    translate_this_page(client, consultation, locales["pl"], django_capture_on_commit_callbacks)
    translation = Translation.objects.get(
        source__object_id=consultation.translation_key, target_locale=locales["pl"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=superuser, publish=True)
    polish = ConsultationPage.objects.get(pk=consultation.get_translation(locales["pl"]).pk)
    assert polish.live
    live_title = polish.title

    # The English page changes; an editor syncs with "Publish immediately".
    consultation.title = "Merging commissioning: revised plans"
    consultation.save_revision().publish()
    source = TranslationSource.objects.get(object_id=consultation.translation_key)
    client.force_login(editor)
    form = client.get(reverse("wagtail_localize:update_translations", args=[source.pk]))
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        synced = client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]),
            {"publish_translations": "on"},
        )
    assert synced.status_code == 302

    polish.refresh_from_db()
    assert polish.title == live_title, "the editor's sync went live without approval"
    assert polish.has_unpublished_changes
    assert polish.workflow_in_progress, "the translation is not waiting for approval"
    state = polish.current_workflow_state
    assert state.workflow.name == "Editor submits, engagement lead approves"
    assert state.requested_by == editor

    # The engagement lead approves it, and only then is it live.
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(polish, lead)
    with django_capture_on_commit_callbacks(execute=True):
        task_state.task.specific.on_action(task_state, lead, "approve")
    polish.refresh_from_db()
    assert polish.title == "Merging commissioning: revised plans"


def test_the_sync_screen_offers_an_editor_approval_instead_of_publishing(
    client, consultation, locales, editor, superuser, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    translate_this_page(client, consultation, locales["pl"], django_capture_on_commit_callbacks)
    source = TranslationSource.objects.get(object_id=consultation.translation_key)
    client.force_login(editor)
    html = client.get(
        reverse("wagtail_localize:update_translations", args=[source.pk])
    ).content.decode()
    assert "Publish immediately" not in html
    assert "Submit the translated pages for approval" in html
