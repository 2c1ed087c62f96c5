"""Analysts (no personal-data permission) read free text with personal data removed.

Respondents type names, phone numbers and email addresses into free text. An
Analyst, documented as seeing no personal data, must not read them in the feedback
explorer (passages and highlights), its CSV export, the coding screen or the typical
answers of suggested themes; searching for a number or a name finds nothing, because
the index holds only the redacted text. Staff with the personal-data permission
(Engagement leads) still read the answer as written on the coding screen.
Roles come from ``privacy.roles.setup_roles``, as in production.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from consultations.models import Answer, ResponseContact
from privacy import roles
from reports.models import ManualRedaction
from search import explorer, indexing
from search.models import SubmissionDocument
from tests.consultations import factories
from tests.reports.conftest import (  # noqa: F401 - fixtures re-used here
    analyst,
    areas,
    built_version,
    coded_consultation,
)
from themes.models import SuggestedTheme, SuggestionRun, ThemeFrame

pytestmark = pytest.mark.django_db

EXPLORER = "/admin/feedback-explorer/"
EXPORT = "/admin/feedback-explorer/export.csv"
NAME = "Zebedee Quarterman"
PHONE = "07700 900123"
EMAIL = "zq@example.org"
TEXT = (
    f"I am {NAME}. The bus to the clinic never comes; ring me on {PHONE} "
    f"or write to {EMAIL} about the bus."
)
SECRETS = (NAME, "Zebedee", "Quarterman", PHONE, "900123", EMAIL)


@pytest.fixture
def staff_in(home_page):
    roles.setup_roles()

    def make(group_name):
        user = factories.StaffUserFactory()
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def typed_in(consultation, django_capture_on_commit_callbacks):
    """A submitted response whose free text names the respondent, with their number and
    address; contact details given on the form. Indexed after the commit, as live."""
    with django_capture_on_commit_callbacks(execute=True):
        response = factories.make_response(
            consultation, {factories.question_id(consultation, "why"): TEXT}
        )
        ResponseContact.objects.create(response=response, name=NAME, email=EMAIL)
        response.save()
    return response.answers.get(question_id=factories.question_id(consultation, "why"))


def shows_none(html: str) -> bool:
    return not [secret for secret in SECRETS if secret in html]


def test_an_analyst_searching_the_explorer_reads_the_passage_without_personal_data(
    client, staff_in, typed_in
):
    client.force_login(staff_in(roles.ANALYSTS))

    html = client.get(EXPLORER, {"q": "bus"}).content.decode()

    # Found and highlighted (PostgreSQL's ts_headline shows the words around the match,
    # so the passage may start after the name)...
    assert "<mark>bus</mark>" in html
    assert "[phone number removed]" in html
    assert shows_none(html), [s for s in SECRETS if s in html]  # ...with nothing of theirs


def test_an_analyst_searching_for_a_phone_number_name_or_email_finds_nothing(
    client, staff_in, typed_in
):
    client.force_login(staff_in(roles.ANALYSTS))
    reference = typed_in.response.reference
    assert reference in client.get(EXPLORER, {"q": "clinic"}).content.decode()

    for query in ("900123", f'"{PHONE}"', "Quarterman", "Zebedee", EMAIL):
        html = client.get(EXPLORER, {"q": query}).content.decode()
        assert reference not in html, query  # the search box shows what was typed, no more
        assert explorer.run({"q": query}).count() == 0, query


def test_the_index_holds_only_what_an_analyst_may_see(typed_in):
    (doc,) = SubmissionDocument.objects.filter(response_id=typed_in.response_id)
    assert shows_none(doc.text + doc.stems)
    assert doc.text == (
        "I am [name removed] [name removed]. The bus to the clinic never comes; ring me on "
        "[phone number removed] or write to [email removed] about the bus."
    )


def test_an_analysts_csv_export_has_no_personal_data(client, staff_in, typed_in):
    client.force_login(staff_in(roles.ANALYSTS))

    response = client.get(EXPORT, {"q": "bus"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert "[phone number removed]" in rows[1][-1]
    assert shows_none(body)


def test_the_coding_screen_shows_an_analyst_the_answer_without_personal_data(
    client, staff_in, typed_in, consultation
):
    client.force_login(staff_in(roles.ANALYSTS))
    url = reverse("themes:code", args=[consultation.pk]) + f"?item=a{typed_in.pk}"

    html = client.get(url).content.decode()

    assert "The bus to the clinic never comes" in html
    assert "[phone number removed]" in html
    assert shows_none(html), [s for s in SECRETS if s in html]


def test_an_engagement_lead_with_the_permission_reads_the_answer_as_written(
    client, staff_in, typed_in, consultation
):
    client.force_login(staff_in(roles.ENGAGEMENT_LEADS))
    url = reverse("themes:code", args=[consultation.pk]) + f"?item=a{typed_in.pk}"

    html = client.get(url).content.decode()

    assert PHONE in html and EMAIL in html and NAME in html


def test_typical_answers_of_suggested_themes_hide_personal_data_from_an_analyst(
    client, staff_in, typed_in, consultation
):
    frame = ThemeFrame.for_page(consultation)
    run = SuggestionRun.objects.create(
        frame=frame,
        question_id=typed_in.question_id,
        status=SuggestionRun.Status.DONE,
    )
    SuggestedTheme.objects.create(
        run=run,
        name="bus, clinic",
        terms=["bus", "clinic"],
        size=1,
        member_answer_ids=[typed_in.pk],
        representative_ids=[typed_in.pk],
    )
    client.force_login(staff_in(roles.ANALYSTS))

    html = client.get(reverse("themes:run", args=[run.pk])).content.decode()

    assert "The bus to the clinic never comes" in html
    assert shows_none(html), [s for s in SECRETS if s in html]


def test_words_an_analyst_removes_from_a_report_quote_leave_the_index_too(
    built_version,  # noqa: F811 - fixtures imported above
    analyst,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from reports import versions

    quote = next(
        q
        for t in built_version.data["themes"]["items"]
        for q in t["quotes"]
        if "receptionist" in q["text"]
    )
    answer = Answer.objects.get(pk=quote["answer_id"])
    indexing.sync_responses([answer.response_id])
    assert "receptionist" in SubmissionDocument.objects.get(response_id=answer.response_id).text

    with django_capture_on_commit_callbacks(execute=True):
        versions.add_manual_redaction(
            built_version, analyst, answer_id=answer.pk, phrase="the receptionist"
        )

    assert ManualRedaction.objects.filter(answer=answer).exists()
    doc = SubmissionDocument.objects.get(response_id=answer.response_id)
    assert "receptionist" not in doc.text and "[removed]" in doc.text


def test_suggested_themes_are_never_named_with_what_people_typed_about_themselves(
    consultation, django_capture_on_commit_callbacks
):
    from themes import suggest

    why = factories.question_id(consultation, "why")
    for index in range(12):
        response = factories.make_response(
            consultation,
            {why: f"Ring me on {PHONE}, {NAME} here" if index % 2 else "The bus is late"},
        )
        ResponseContact.objects.create(response=response, name=NAME, email=EMAIL)
    run = SuggestionRun.objects.create(
        frame=ThemeFrame.for_page(consultation), question_id=why, requested_method="tfidf"
    )

    suggest.run_suggestions(run.pk)

    run.refresh_from_db()
    names = [(s.name, " ".join(map(str, s.terms))) for s in run.suggestions.all()]
    assert run.status == SuggestionRun.Status.DONE and names
    assert shows_none(str(names)), names
    assert "quarterman" not in str(names).lower() and "zebedee" not in str(names).lower()
