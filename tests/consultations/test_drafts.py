"""Policy drafts: comments per section and version, moderation, changes between versions."""

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import DraftComment, DraftVersion, PolicyDraftPage

pytestmark = pytest.mark.django_db

SECTION_TEXTS = [
    ("Purpose", "This policy sets out when the NHS funds knee arthroscopy."),
    ("Who it applies to", "Adults registered with a GP in North West London."),
    ("When surgery is funded", "Only when there is a locked knee or a clear mechanical cause."),
    ("Evidence", "Trials show little benefit for degenerative knee pain."),
]


def sections_data(texts=SECTION_TEXTS, ids=None):
    ids = ids or [str(uuid.uuid4()) for _ in texts]
    return [
        {"type": "section", "id": block_id, "value": {"heading": h, "body": f"<p>{b}</p>"}}
        for block_id, (h, b) in zip(ids, texts, strict=True)
    ]


@pytest.fixture
def draft(consultation_index):
    page = PolicyDraftPage(
        title="Knee arthroscopy",
        slug="knee-arthroscopy",
        intro="A draft commissioning policy for sense-checking.",
        version_label="1",
        sections=sections_data(),
        moderation=PolicyDraftPage.Moderation.PRE,
    )
    consultation_index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def section_id(page, number):
    return str(list(page.sections)[number - 1].id)


def comment(client, page, number=None, text="Please keep access for sports injuries.", **extra):
    data = {
        "section": section_id(page, number) if number else "",
        "text": text,
        "respondent_type": "individual",
        **extra,
    }
    return client.post(page.url + "comment/", data)


def publish_version_two(page):
    page = PolicyDraftPage.objects.get(pk=page.pk)
    raw = list(page.sections.raw_data)
    raw[2]["value"]["body"] = (
        "<p>Only when there is a locked knee, a clear mechanical cause "
        "or a failed physiotherapy course.</p>"
    )
    page.sections = raw
    page.version_label = "2"
    page.save_revision().publish()
    return page


def test_publishing_freezes_version_one(draft):
    version = DraftVersion.objects.get(page=draft)
    assert (version.number, version.label) == (1, "1")
    assert [s["heading"] for s in version.sections] == [h for h, _ in SECTION_TEXTS]


def test_comment_on_section_3_of_version_1_stays_there_after_version_2(client, draft):
    comment(client, draft, 3, text="A locked knee is rare; what about pain that stops work?")
    saved = DraftComment.objects.get()
    saved.status = DraftComment.Status.APPROVED
    saved.save()

    publish_version_two(draft)

    saved.refresh_from_db()
    assert saved.version.number == 1
    assert saved.version.section_number(saved.section_id) == 3
    assert DraftVersion.objects.filter(page=draft).count() == 2

    current = client.get(draft.url).content.decode()
    assert "Version 2" in current
    assert "A locked knee is rare" not in current  # it belongs to version 1

    earlier = client.get(draft.url + "version/1/").content.decode()
    assert "This is an earlier version." in earlier
    section_three = earlier[earlier.index('id="section-3"') : earlier.index('id="section-4"')]
    assert "A locked knee is rare" in section_three


def test_version_two_shows_what_changed_since_version_one(client, draft):
    publish_version_two(draft)
    html = client.get(draft.url + "changes/1/").content.decode()
    assert "What changed from version 1 to version 2" in html
    # What is seen (the words screen readers also hear are in test_reading_a_draft.py).
    seen = re.sub(r'<span class="nhsuk-u-visually-hidden">[^<]*</span>', "", html)
    assert "<del>cause.</del> <ins>cause or a failed physiotherapy course.</ins>" in seen
    assert "<del>knee or</del> <ins>knee,</ins>" in seen
    assert html.count("No change") == 3


def test_pre_moderated_comments_are_hidden_until_approved(client, draft):
    comment(client, draft, 2, text="What about people registered elsewhere?")
    assert "What about people registered elsewhere?" not in client.get(draft.url).content.decode()

    DraftComment.objects.update(status=DraftComment.Status.APPROVED)
    assert "What about people registered elsewhere?" in client.get(draft.url).content.decode()


def test_rejected_comments_never_appear(client, draft):
    comment(client, draft, 1, text="Buy cheap watches at spam.example")
    DraftComment.objects.update(status=DraftComment.Status.REJECTED, moderation_reason="Spam")
    for url in (draft.url, draft.url + "version/1/"):
        assert "spam.example" not in client.get(url).content.decode()


def test_post_moderated_comments_appear_at_once_and_can_be_hidden(client, draft):
    draft.moderation = PolicyDraftPage.Moderation.POST
    draft.save_revision().publish()
    comment(client, draft, None, text="The whole policy is clear, thank you.")
    assert "The whole policy is clear" in client.get(draft.url).content.decode()
    DraftComment.objects.update(status=DraftComment.Status.HIDDEN)
    assert "The whole policy is clear" not in client.get(draft.url).content.decode()


def test_comment_needs_text_and_an_organisation_name_when_for_one(client, draft):
    empty = comment(client, draft, 1, text="")
    assert empty.status_code == 200
    assert "Enter your comment" in empty.content.decode()
    org = comment(client, draft, 1, text="From Healthwatch.", respondent_type="organisation")
    assert "Enter the name of the organisation or professional body" in org.content.decode()
    assert not DraftComment.objects.exists()


def test_closed_comment_period_refuses_comments(client, draft):
    draft.comments_close_at = timezone.now() - timedelta(minutes=1)
    draft.save_revision().publish()
    response = comment(client, draft, 1)
    assert response.status_code == 403
    assert "Comments on this draft are closed" in response.content.decode()
    assert not DraftComment.objects.exists()


def test_the_same_comment_sent_twice_is_kept_once(client, draft):
    comment(client, draft, 1)
    comment(client, draft, 1)
    assert DraftComment.objects.count() == 1


def test_two_people_making_the_same_comment_make_two_comments(client, draft):
    from django.test import Client

    comment(client, draft, 1, text="I agree with this.")
    comment(Client(), draft, 1, text="I agree with this.")
    assert DraftComment.objects.count() == 2


def test_a_comment_from_a_bot_filling_the_honeypot_is_refused(client, draft):
    assert comment(client, draft, 1, website="http://spam.example").status_code == 400
    assert not DraftComment.objects.exists()


def test_moderator_approves_and_rejects_with_a_reason(client, draft):
    from django.contrib.auth.models import Permission

    from tests.consultations.factories import StaffUserFactory

    comment(client, draft, 1, text="Good policy.")
    comment(client, draft, 2, text="Spam link.")
    good, spam = DraftComment.objects.order_by("pk")
    moderator = StaffUserFactory()
    moderator.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_draftcomment"),
    )
    client.force_login(moderator)
    queue = client.get("/admin/draft-comments/").content.decode()
    assert "Good policy." in queue and "Spam link." in queue

    client.post(f"/admin/draft-comments/{good.pk}/", {"action": "approve"})
    client.post(f"/admin/draft-comments/{spam.pk}/", {"action": "reject"})  # no reason
    spam.refresh_from_db()
    assert spam.status == DraftComment.Status.PENDING
    client.post(f"/admin/draft-comments/{spam.pk}/", {"action": "reject", "reason": "Spam"})

    good.refresh_from_db()
    spam.refresh_from_db()
    assert (good.status, good.moderated_by) == (DraftComment.Status.APPROVED, moderator)
    assert (spam.status, spam.moderation_reason) == (DraftComment.Status.REJECTED, "Spam")
    public = client.get(draft.url).content.decode()
    assert "Good policy." in public and "Spam link." not in public


def test_people_without_the_moderation_permission_cannot_moderate(client, draft, staff_user):
    comment(client, draft, 1, text="Good policy.")
    client.force_login(staff_user)
    assert client.get("/admin/draft-comments/").status_code in (302, 403)
    pending = DraftComment.objects.get()
    client.post(f"/admin/draft-comments/{pending.pk}/", {"action": "approve"})
    pending.refresh_from_db()
    assert pending.status == DraftComment.Status.PENDING


def test_a_comment_on_the_polish_draft_counts_on_the_same_version_and_section(
    client, draft, locales
):
    from tests.consultations.factories import _translate_parent_chain

    _translate_parent_chain(draft, locales["pl"])
    polish = draft.copy_for_translation(locales["pl"])
    raw = list(polish.sections.raw_data)
    raw[0]["value"]["heading"] = "Cel"
    polish.sections = raw
    polish.save_revision().publish()
    polish.refresh_from_db()

    html = client.get(polish.url).content.decode()
    assert "1. Cel" in html
    comment(client, polish, 1, text="Proszę o jasne kryteria.")
    saved = DraftComment.objects.get()
    assert saved.language == "pl"
    assert saved.version.page_id == draft.pk
    assert saved.version.section_number(saved.section_id) == 1
    assert DraftVersion.objects.filter(page=polish).count() == 0
