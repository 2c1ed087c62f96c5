"""'You said, we did': headline numbers from the database, linked from the consultation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import OutcomeIndexPage, Response, YouSaidWeDidPage
from consultations.models.pages import Status
from tests.consultations.factories import make_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def outcome(home_page, consultation):
    index = home_page.add_child(
        instance=OutcomeIndexPage(title="You said, we did", slug="outcomes")
    )
    page = YouSaidWeDidPage(
        title="What we did about commissioning",
        slug="commissioning",
        intro="We listened.",
        consultation=consultation,
        items=[
            {
                "type": "item",
                "value": {
                    "you_said": "Keep decisions local.",
                    "we_did": "Each borough keeps a local committee.",
                    "status": "done",
                    "reason": "",
                    "theme": "Local decisions",
                },
            }
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_headline_numbers_match_the_database(client, consultation, areas, outcome):
    for _ in range(6):
        make_response(consultation, channel=Response.Channel.ONLINE, area=areas["harrow"])
    for _ in range(2):
        make_response(consultation, channel=Response.Channel.PAPER, area=areas["brent"])
    make_response(consultation, status=Response.Status.DRAFT)  # never counted

    html = client.get(outcome.url).content.decode()
    submitted = Response.objects.submitted().filter(consultation=consultation).count()
    assert submitted == 8
    assert f"<strong>{submitted:,}</strong>" in html
    online = html[html.index("Online") :]
    assert online.split("<td", 1)[1].split(">", 1)[1].startswith("6<")
    assert "fewer than 5" in html  # 2 paper responses, 2 from Brent
    assert ">2<" not in html


def test_closed_consultation_shows_its_outcome_and_its_status_becomes_outcome_published(
    client, consultation, outcome
):
    consultation.closes_at = timezone.now() - timedelta(days=1)
    consultation.save_revision().publish()
    consultation.refresh_from_db()
    assert consultation.status == Status.OUTCOME_PUBLISHED
    html = client.get(consultation.url).content.decode()
    assert f'href="{outcome.url}" id="outcome-link"' in html


def test_an_interim_outcome_leaves_an_open_consultation_open_and_answerable(
    client, consultation, outcome
):
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN
    html = client.get(consultation.url).content.decode()
    assert f'href="{outcome.url}" id="outcome-link"' in html
    assert "no longer accepting responses" not in html
    start = client.get(consultation.url + "respond/", follow=True)
    assert start.status_code == 200
    assert "This consultation is closed" not in start.content.decode()


def test_publishing_an_outcome_for_an_open_consultation_warns_the_editor(
    client, consultation, outcome, superuser
):
    from django.contrib.messages import get_messages

    client.force_login(superuser)
    outcome.save_revision()
    response = client.post(
        f"/admin/pages/{outcome.pk}/edit/",
        _outcome_form_data(outcome) | {"action-publish": "action-publish"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("still open" in w and consultation.title in w for w in warnings), warnings


def _outcome_form_data(page):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "consultation": page.consultation_id,
            "items": streamfield(
                [
                    (
                        "item",
                        {
                            "you_said": "Keep decisions local.",
                            "we_did": "Each borough keeps a local committee.",
                            "status": "done",
                            "reason": "",
                            "theme": "Local decisions",
                        },
                    )
                ]
            ),
            "decision": rich_text(""),
        }
    )


def test_not_taken_forward_needs_a_reason():
    from wagtail.blocks.struct_block import StructBlockValidationError

    from consultations.models.outcomes import YouSaidWeDidItemBlock

    block = YouSaidWeDidItemBlock()
    value = block.to_python(
        {"you_said": "Open at night.", "we_did": "Nothing.", "status": "not_taken_forward"}
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
