"""Erasure finishes the job: nothing of the person is left where nobody looks.

A data protection officer erases a person; the closing check then tells them where
any of the person's identifiers (email address, name, phone number, postcode) is
still found. Saved explorer searches, public search terms, derived text (suggested
themes, the search index) and SQLite's full-text blocks must not keep them.
"""

from __future__ import annotations

import pytest
from django.db import connection
from wagtail.contrib.search_promotions.models import Query

from privacy import dsr
from search.models import ExplorerSearch, SubmissionDocument
from tests.privacy.conftest import (  # noqa: F401 - fixtures re-used here
    NAME,
    consultation,
    consultation_index,
    person,
)
from themes.models import SuggestedTheme, SuggestionRun, ThemeFrame

PHONE = "07700 900123"
POSTCODE = "HA1 1AA"


def test_explorer_searches_for_their_name_or_phone_are_forgotten(db, person):  # noqa: F811 - fixtures imported above
    for query in (NAME, PHONE, "07700900123", f"knee AND {NAME.lower()}"):
        ExplorerSearch.objects.create(query=query, result_count=1)
    ExplorerSearch.objects.create(query="parking", filters={"organisation": NAME})
    kept = ExplorerSearch.objects.create(query="waiting times", result_count=4)

    record = dsr.erase(person.email)

    queries = " ".join(ExplorerSearch.objects.values_list("query", flat=True))
    assert "Priya" not in queries and "priya" not in queries
    assert "900123" not in queries
    assert not ExplorerSearch.objects.filter(filters__icontains="Priya").exists()
    assert ExplorerSearch.objects.filter(pk=kept.pk, query="waiting times").exists()
    assert record.remaining == []


def test_public_search_terms_naming_them_are_forgotten(db, person):  # noqa: F811 - fixtures imported above
    Query.get(f"complaint about {NAME}").add_hit()
    Query.get(PHONE).add_hit()
    Query.get("knee surgery").add_hit()

    dsr.erase(person.email)

    terms = list(Query.objects.values_list("query_string", flat=True))
    assert terms == ["knee surgery"]


def test_the_closing_check_names_every_identifier_left_not_only_the_email(db, person, consultation):  # noqa: F811
    from tests.consultations import factories

    # Someone else's answer names her and gives her number: not hers to erase, but the
    # officer must be told where her name and number still are.
    factories.make_response(
        consultation,
        {factories.question_id(consultation, "why"): f"{NAME} ({PHONE}) helped me."},
    )

    record = dsr.erase(person.email)

    assert any(place.startswith("name: consultations.Answer") for place in record.remaining)
    assert any(place.startswith("phone: consultations.Answer") for place in record.remaining)
    assert not any("Priya" in place or "900123" in place for place in record.remaining)


def test_the_officer_can_name_more_identifiers_to_erase_and_check(db, person, consultation):  # noqa: F811
    from tests.consultations import factories

    factories.make_response(
        consultation,
        {factories.question_id(consultation, "why"): "Ask for Mrs P Okonkwo-Shah at SE1 7EH."},
    )

    record = dsr.erase(person.email, name="P Okonkwo-Shah", postcode="SE1 7EH")

    assert any(place.startswith("name: ") for place in record.remaining)
    assert any(place.startswith("postcode: ") for place in record.remaining)


def test_suggested_theme_names_built_from_their_words_lose_their_name(db, person, consultation):  # noqa: F811
    frame = ThemeFrame.for_page(consultation)
    run = SuggestionRun.objects.create(frame=frame, question_id="why", status="done")
    theme = SuggestedTheme.objects.create(
        run=run, name="shah, carer, knee", terms=["shah", "carer", "knee"], size=3
    )

    dsr.erase(person.email)

    theme.refresh_from_db()
    assert "shah" not in theme.name.lower()
    assert theme.terms == ["carer", "knee"]


def test_their_comment_and_its_index_entry_lose_the_surname_the_shown_name_lacked(
    db,
    person,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    # Her comment says "(Priya Shah)" but shows the name "Priya S": redacting by the
    # shown name alone leaves "Shah" in the comment and in the index.
    from search import indexing

    indexing.sync_comments([person.comment.pk])

    dsr.erase(person.email)

    person.comment.refresh_from_db()
    assert "Shah" not in person.comment.text
    doc = SubmissionDocument.objects.get(comment_id=person.comment.pk)
    assert "Shah" not in doc.text


@pytest.mark.django_db(transaction=True)
def test_no_trace_of_their_words_is_left_in_the_database_file(person):  # noqa: F811
    """SQLite keeps deleted full-text entries in its FTS blocks (until 'optimize') and
    deleted rows in free pages (until VACUUM): after an erasure, neither holds them."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own file format: PostgreSQL has no FTS blocks or free pages")
    from search import indexing

    indexing.sync_comments([person.comment.pk])
    indexing.sync_responses([r.pk for r in person.responses])
    assert b"shah" in connection.connection.serialize().lower()

    dsr.erase(person.email)

    image = connection.connection.serialize().lower()
    assert b"shah" not in image
    assert b"900123" not in image


def test_an_officer_erasing_in_the_admin_adds_a_phone_number_and_is_told_where_it_is_left(
    client,
    person,  # noqa: F811
    consultation,  # noqa: F811
):
    from django.contrib.auth.models import Group

    from privacy import roles
    from tests.consultations import factories

    roles.setup_roles()
    officer = factories.StaffUserFactory()
    officer.groups.add(Group.objects.get(name=roles.DATA_PROTECTION))
    client.force_login(officer)
    factories.make_response(
        consultation, {factories.question_id(consultation, "why"): "Ring 020 7946 0958 for her."}
    )

    page = client.post(
        "/admin/personal-data/erase/",
        {
            "email": person.email,
            "confirm": "1",
            "identity_checked": "on",
            "phone": "020 7946 0958",
        },
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "phone: consultations.Answer.value_text (1)" in html
    assert "7946" not in html
