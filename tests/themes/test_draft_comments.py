"""Comments on a policy draft are coded against the draft's own frame."""

from django.urls import reverse

from consultations.models import DraftComment, DraftVersion
from themes import coding
from themes.models import Coding, Theme, ThemeFrame


def make_draft(consultation_index):
    from consultations.models import PolicyDraftPage
    from tests.consultations.test_drafts import sections_data

    page = PolicyDraftPage(
        title="Knee arthroscopy",
        slug="knee-arthroscopy",
        intro="A draft policy.",
        version_label="1",
        sections=sections_data(),
    )
    consultation_index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_analyst_codes_draft_comments_one_at_a_time(client, analyst, consultation_index):
    draft = make_draft(consultation_index)
    version = DraftVersion.objects.get(page=draft)
    section = version.sections[2]["id"]
    kept = DraftComment.objects.create(
        version=version,
        section_id=section,
        text="Sports injuries need surgery too.",
        status=DraftComment.Status.APPROVED,
    )
    DraftComment.objects.create(version=version, text="Spam", status=DraftComment.Status.REJECTED)
    frame = ThemeFrame.for_page(draft)
    access = Theme.objects.create(frame=frame, name="Access to surgery")

    assert list(coding.comments_for(frame)) == [kept]  # rejected comments are not coded
    assert [q["label"] for q in coding.questions(frame)] == [version.sections[2]["heading"]]
    client.force_login(analyst)
    code_url = reverse("themes:code", args=[draft.pk])
    html = client.get(code_url).content.decode()
    assert "Sports injuries need surgery too." in html and f'value="c{kept.pk}"' in html
    client.post(code_url, {"item": f"c{kept.pk}", "themes": [access.pk]})
    coded = Coding.objects.get()
    assert coded.comment == kept and coded.answer is None and coded.coder == analyst
