"""Responses in the admin: find by reference, view whole, correct, withdraw, export."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from consultations import results
from consultations.models import Response
from privacy import roles
from search.models import SubmissionDocument
from tests.consultations.factories import (
    ResponseContactFactory,
    StaffUserFactory,
    make_response,
    option_id,
    question_id,
)

pytestmark = pytest.mark.django_db

LIST = "/admin/responses/"


def staff_in(group_name, username):
    user = StaffUserFactory(username=username, first_name=username.title())
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def lead(db):
    roles.setup_roles()
    return staff_in(roles.ENGAGEMENT_LEADS, "lead")


@pytest.fixture
def analyst(db):
    roles.setup_roles()
    return staff_in(roles.ANALYSTS, "analyst")


@pytest.fixture
def three(consultation, django_capture_on_commit_callbacks):
    """Three submitted responses: two online, one on paper with an email in its text."""
    page = consultation
    with django_capture_on_commit_callbacks(execute=True):
        online = [
            make_response(
                page,
                {
                    question_id(page, "travel"): option_id(page, "travel", "Bus"),
                    question_id(page, "why"): "Buses are late.",
                },
            )
            for _ in range(2)
        ]
        paper = make_response(
            page,
            {
                question_id(page, "travel"): option_id(page, "travel", "Car"),
                question_id(page, "why"): '=HYPERLINK("x") write to sam@example.org',
                question_id(page, "used-walk-in"): True,
            },
            channel=Response.Channel.PAPER,
        )
    ResponseContactFactory(response=paper, name="Sam Patel", email="sam@example.org")
    return [*online, paper]


# --- finding a response ----------------------------------------------------------------


def test_a_lead_finds_a_response_by_typing_its_reference(client, lead, three):
    client.force_login(lead)
    wanted = three[2]

    html = client.get(LIST, {"q": wanted.reference.lower()}).content.decode()

    assert wanted.reference in html
    assert three[0].reference not in html


def test_the_admin_search_box_offers_the_responses_found_by_reference(client, lead, three):
    client.force_login(lead)
    reference = three[2].reference

    html = client.get("/admin/pages/search/", {"q": reference}).content.decode()

    assert f'href="/admin/responses/?q={reference}"' in html


def test_staff_without_results_are_not_offered_responses_in_search(client, staff_user, three):
    client.force_login(staff_user)

    assert client.get(LIST)["Location"] == "/admin/"
    html = client.get("/admin/pages/search/", {"q": "R-"}).content.decode()
    assert "/admin/responses/" not in html


def test_the_list_filters_by_channel_and_status(client, lead, three):
    client.force_login(lead)

    html = client.get(LIST, {"channel": "paper"}).content.decode()

    assert three[2].reference in html
    assert three[0].reference not in html
    assert client.get(LIST, {"status": "withdrawn"}).content.decode().count("R-") == 0


def test_unfinished_drafts_are_not_in_the_list(client, lead, consultation):
    draft = make_response(consultation, status=Response.Status.DRAFT)
    client.force_login(lead)

    assert draft.reference not in client.get(LIST).content.decode()


# --- viewing ---------------------------------------------------------------------------


def test_a_response_is_shown_whole_with_every_question_in_step_order(client, lead, three):
    client.force_login(lead)

    html = client.get(f"{LIST}inspect/{three[2].pk}/").content.decode()

    travel = html.index("How do you usually travel to hospital?")
    why = html.index("Tell us why you think this.")
    walk_in = html.index("Have you used a walk-in centre in the last year?")
    assert travel < why < walk_in
    assert "Car" in html
    assert "Not answered" in html  # questions skipped are still listed
    assert "sam@example.org" in html  # leads read free text as written


def test_an_analyst_reads_free_text_redacted_and_cannot_change_it(client, analyst, three):
    client.force_login(analyst)
    paper = three[2]

    html = client.get(f"{LIST}inspect/{paper.pk}/").content.decode()

    assert "sam@example.org" not in html
    assert "[email removed]" in html
    assert "Withdraw this response" not in html
    # Wagtail turns a refusal into a redirect to the dashboard with a message.
    assert client.post(f"{LIST}withdraw/{paper.pk}/", {"reason": "x"})["Location"] == "/admin/"
    why = question_id(paper.consultation.specific, "why")
    assert client.get(f"{LIST}correct/{paper.pk}/{why}/")["Location"] == "/admin/"
    assert client.get(f"{LIST}history/{paper.pk}/")["Location"] == "/admin/"
    paper.refresh_from_db()
    assert paper.status == Response.Status.SUBMITTED


# --- withdrawing -----------------------------------------------------------------------


def test_withdrawing_with_a_reason_drops_the_results_by_one(
    client, lead, three, consultation, django_capture_on_commit_callbacks
):
    from reports import building

    client.force_login(lead)
    paper = three[2]
    assert results.summarise(consultation).total == 3
    assert building.build(consultation)[0]["total"] == 3
    assert SubmissionDocument.objects.filter(response_id=paper.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        reply = client.post(f"{LIST}withdraw/{paper.pk}/", {"reason": "Entered twice"})

    assert reply.status_code == 302
    paper.refresh_from_db()
    assert paper.status == Response.Status.WITHDRAWN
    assert (paper.withdrawn_reason, paper.withdrawn_by) == ("Entered twice", lead)
    assert results.summarise(consultation).total == 2
    assert results.response_counts([consultation])[consultation.pk] == 2
    assert building.build(consultation)[0]["total"] == 2  # a feedback report built now
    assert not SubmissionDocument.objects.filter(response_id=paper.pk).exists()
    entry = ModelLogEntry.objects.get(action="consultations.response.withdraw")
    assert entry.data["reason"] == "Entered twice"
    assert "Entered twice" in client.get(f"{LIST}history/{paper.pk}/").content.decode()


def test_withdrawing_without_a_reason_is_refused_on_the_field(client, lead, three):
    client.force_login(lead)

    reply = client.post(f"{LIST}withdraw/{three[0].pk}/", {"reason": "  "})

    assert reply.status_code == 200
    assert "Say why the response is being withdrawn" in reply.content.decode()
    three[0].refresh_from_db()
    assert three[0].status == Response.Status.SUBMITTED


# --- correcting ------------------------------------------------------------------------


def test_correcting_an_answer_keeps_before_after_and_reason_in_the_history(
    client, lead, three, consultation
):
    client.force_login(lead)
    paper = three[2]
    travel = question_id(consultation, "travel")

    reply = client.post(
        f"{LIST}correct/{paper.pk}/{travel}/",
        {
            f"answer-q_{travel}": option_id(consultation, "travel", "Walking"),
            "answer-reason": "Typed wrongly from the paper form",
        },
    )

    assert reply.status_code == 302, reply.content.decode()[:3000]
    from consultations.answers import load_answers

    assert load_answers(paper)[travel] == option_id(consultation, "travel", "Walking")
    entry = ModelLogEntry.objects.get(action="consultations.response.correct")
    assert (entry.data["before"], entry.data["after"]) == ("Car", "Walking")
    assert entry.user_id == lead.pk
    history = client.get(f"{LIST}history/{paper.pk}/").content.decode()
    assert "was ‘Car’, now ‘Walking’. Reason: Typed wrongly from the paper form" in history


def test_a_correction_that_is_not_an_option_is_refused_on_the_field(
    client, lead, three, consultation
):
    client.force_login(lead)
    travel = question_id(consultation, "travel")

    reply = client.post(
        f"{LIST}correct/{three[0].pk}/{travel}/",
        {f"answer-q_{travel}": "Helicopter", "answer-reason": "Because"},
    )

    assert reply.status_code == 200
    assert "w-field--error" in reply.content.decode()
    assert not ModelLogEntry.objects.filter(action="consultations.response.correct").exists()


# --- export ----------------------------------------------------------------------------


def _csv(client, params):
    reply = client.get(LIST, {**params, "export": "csv"})
    assert reply.status_code == 200
    text = b"".join(reply.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_export_has_a_row_per_response_and_a_column_per_question(
    client, lead, three, consultation
):
    client.force_login(lead)

    rows = _csv(client, {"consultation": consultation.pk})

    header, body = rows[0], rows[1:]
    assert len(body) == 3
    assert "Reference" in header
    assert "travel: How do you usually travel to hospital?" in header
    assert "why: Tell us why you think this." in header
    paper = next(row for row in body if row[0] == three[2].reference)
    assert paper[header.index("travel: How do you usually travel to hospital?")] == "Car"
    # A cell that starts like a formula is made text.
    assert paper[header.index("why: Tell us why you think this.")].startswith("'=HYPERLINK")


def test_the_xlsx_export_matches_and_has_no_formula(client, lead, three, consultation):
    client.force_login(lead)

    reply = client.get(LIST, {"consultation": consultation.pk, "export": "xlsx"})

    assert reply.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(reply.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 4
    cells = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert not any(cell.startswith("=") for cell in cells)


def test_an_analysts_export_has_free_text_redacted(client, analyst, three, consultation):
    client.force_login(analyst)

    rows = _csv(client, {"consultation": consultation.pk})

    text = "\n".join(",".join(row) for row in rows)
    assert "sam@example.org" not in text
    assert "[email removed]" in text


def test_a_withdrawn_response_is_exported_with_its_status_and_reason(
    client, lead, three, consultation
):
    client.force_login(lead)
    client.post(f"{LIST}withdraw/{three[0].pk}/", {"reason": "Asked us to"})

    rows = _csv(client, {"status": "withdrawn"})

    assert len(rows) == 2
    assert rows[1][0] == three[0].reference
    assert "Asked us to" in rows[1]
