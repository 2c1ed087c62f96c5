"""After ``load_demo_content`` the feedback explorer finds the demo's answers straight
away: nothing waits for a sweeper that ``make run`` does not start."""

import pytest
from django.contrib.auth import get_user_model

from search import indexing
from search.models import SubmissionDocument

pytestmark = pytest.mark.django_db


def test_the_demo_responses_are_in_the_explorer_as_soon_as_the_demo_is_loaded(client, demo_site):
    assert "responses and comments indexed for the feedback explorer (0 waiting)" in demo_site
    assert indexing.index_lag()["waiting"] == 0
    assert SubmissionDocument.objects.exists()

    client.force_login(get_user_model().objects.get(username="admin"))
    page = client.get("/admin/feedback-explorer/", {"q": "interpreter"}).content.decode()
    assert "0 results" not in page
    assert "<mark>" in page.lower()
