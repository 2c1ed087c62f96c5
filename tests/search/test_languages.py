"""Language-aware matching: stemming where PostgreSQL has a stemmer."""

import pytest
from django.db import connection

from search import explorer

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's full-text search has no stemming; set DATABASE_URL to a PostgreSQL "
    "database to run this test",
)


@on_postgres
@pytest.mark.postgres
def test_portuguese_answer_found_by_another_inflected_form(
    answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer("As consultas no hospital demoram muito.", language="pt")
        answer("Unrelated English answer about parking.", language="en")
    texts = [d.text for d in explorer.run({"q": "consulta"}).results]
    assert texts == ["As consultas no hospital demoram muito."]
    texts = [d.text for d in explorer.run({"q": "demorar"}).results]
    assert texts == ["As consultas no hospital demoram muito."]


@on_postgres
@pytest.mark.postgres
def test_postgres_extensions_are_enabled(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        names = {row[0] for row in cursor.fetchall()}
    assert {"unaccent", "pg_trgm"} <= names


def test_polish_answer_found_by_the_word_form_it_contains(
    answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer("Kolejki do lekarza są za długie.", language="pl")
    assert explorer.run({"q": "lekarza"}).results.count() == 1
