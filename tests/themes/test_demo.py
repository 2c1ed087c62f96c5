"""The demo site: the closed consultation has suggested themes, accepted and applied."""

import pytest
from django.urls import reverse

from themes import coding
from themes.models import Coding, SuggestedTheme, Theme, ThemeFrame

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_frame(demo_site):
    from consultations.models import ConsultationPage

    page = ConsultationPage.objects.get(slug="gp-access", locale__language_code="en")
    return ThemeFrame.objects.get(page=page)


def test_demo_suggested_themes_are_accepted_and_code_the_answers(demo_frame):
    run = demo_frame.suggestion_runs.get()
    assert run.status == "done" and run.method == "tfidf"
    accepted = run.suggestions.filter(status=SuggestedTheme.Status.ACCEPTED)
    assert accepted.count() >= 3
    answers = set(coding.answers_for(demo_frame, run.question_id).values_list("pk", flat=True))
    for suggestion in accepted:
        coded = Coding.objects.primary().filter(theme=suggestion.theme, suggestion=suggestion)
        assert set(coded.values_list("answer_id", flat=True)) == set(suggestion.member_answer_ids)
        assert set(suggestion.member_answer_ids) <= answers
        assert suggestion.theme.origin == Theme.Origin.SUGGESTED
    # Some are still marked "suggested" for a person to confirm; some were confirmed.
    primary = Coding.objects.primary().for_frame(demo_frame)
    assert primary.unconfirmed_suggestions().exists()
    assert primary.filter(origin="suggested", confirmed_at__isnull=False).exists()
    assert primary.filter(origin="manual").exists()


def test_demo_frame_page_counts_match_the_database(demo_frame, client):
    from tests.consultations.factories import SuperuserFactory

    client.force_login(SuperuserFactory())
    html = client.get(reverse("themes:frame", args=[demo_frame.page_id])).content.decode()
    for theme in demo_frame.themes.all():
        count = Coding.objects.primary().filter(theme=theme).count()
        row = html.split(f"</span>{theme.name}")[1].split("</tr>")[0]
        assert f'<td class="th-number">{count}</td>' in row
    check = client.get(reverse("themes:check", args=[demo_frame.page_id])).content.decode()
    assert "Cohen" in check and "20 items checked" in check
