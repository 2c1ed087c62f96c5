"""Show-if questions appear as the person answers (JavaScript) or with a note (without)."""

import pytest

from tests.consultations import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def walk_in_survey(live_server, consultation_index):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    survey = [
        factories.step(
            "Walk-in centres",
            [
                factories.question("yes_no", "Have you used a walk-in centre?", reference="used"),
                factories.question(
                    "short_text",
                    "Which walk-in centre?",
                    reference="which",
                    condition=factories.show_if("used", "yes"),
                ),
            ],
        )
    ]
    return factories.make_consultation(consultation_index, title="Walk-in", survey=survey)


def test_conditional_question_follows_the_answer(browser_page, live_server, walk_in_survey):
    page = browser_page
    page.goto(live_server.url + walk_in_survey.url + "respond/step/1/")
    which = page.get_by_label("Which walk-in centre?")
    if page.javascript:
        page.wait_for_selector("body.js-enabled")
        assert not which.is_visible()
        page.get_by_label("Yes", exact=True).check()
        assert which.is_visible()
        page.get_by_label("No", exact=True).check()
        assert not which.is_visible()
    else:
        assert which.is_visible()
        assert page.get_by_text("Answer this if you answered ‘Yes’").is_visible()
