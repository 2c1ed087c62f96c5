"""Text from the public is never rendered as HTML: comments, answers and search passages
show markup as the characters typed."""

import pytest
from django.urls import reverse

from consultations.models import DraftComment, PolicyDraftPage
from tests.consultations.factories import question_id
from tests.consultations.test_drafts import draft  # noqa: F401 - fixture re-used here
from tests.consultations.test_respond import answer_step_one

pytestmark = pytest.mark.django_db

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_a_published_comment_shows_its_markup_as_text(client, draft):  # noqa: F811
    PolicyDraftPage.objects.filter(pk=draft.pk).update(moderation=PolicyDraftPage.Moderation.POST)
    draft.refresh_from_db()
    posted = client.post(
        draft.url + "comment/",
        {"section": "", "text": MARKUP, "respondent_type": "individual", "display_name": MARKUP},
    )
    assert posted.status_code == 302
    assert DraftComment.objects.get().status == DraftComment.Status.APPROVED
    html = client.get(draft.url).content.decode()
    assert ESCAPED in html
    assert "<script>alert" not in html and "<b>bold</b>" not in html


def test_check_your_answers_shows_typed_markup_as_text(client, consultation):
    why = f"q_{question_id(consultation, 'why')}"
    assert answer_step_one(client, consultation, **{why: MARKUP}).status_code == 302
    html = client.get(consultation.url + "respond/step/1/").content.decode()
    assert "&lt;script&gt;" in html and "<script>alert" not in html


def test_explorer_passages_escape_markup_around_the_highlight(
    client, consultation, django_capture_on_commit_callbacks
):
    from tests.consultations.factories import SuperuserFactory, make_response

    with django_capture_on_commit_callbacks(execute=True):
        make_response(consultation, {question_id(consultation, "why"): f"buses {MARKUP}"})
    client.force_login(SuperuserFactory())
    html = client.get(reverse("feedback_explorer:explore"), {"q": "buses"}).content.decode()
    assert "<mark>buses</mark>" in html  # the passage was found and highlighted
    assert "&lt;script&gt;alert" in html  # shown as text beside the highlight
    assert "<script>alert" not in html and "<img src=x" not in html
