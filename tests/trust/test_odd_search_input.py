"""Odd search input never breaks a page (issue #14).

Someone types a lone quote, pastes text with NUL bytes, or a whole document into the
public site search, the open-data API's ``?search=`` or the staff feedback explorer.
The engines have query syntax of their own (SQLite's full-text search fails on a lone
``"``; PostgreSQL refuses NUL) and build a query tree a level deep per word (a few
hundred words passed Python's recursion limit): each gave a 503 or a 500. Now the public
search says what it did, the API answers a 400 naming ``search``, and the explorer
searches the first words and says so.
"""

import pytest

from search import query as query_syntax
from tests.search.conftest import analyst, answer  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"
SITE_SEARCH = "/en/search/"
EXPLORER = "/admin/feedback-explorer/"

LONE_QUOTES = '"""'
NUL = "parking\x00hospital"
SIX_HUNDRED_WORDS = " ".join(["parking"] * 600)
SHORT_WORDS = " ".join("abcdefghijklmnopqrstuvwxyz"[i % 26] for i in range(250))
REFUSED_BY_THE_API = [LONE_QUOTES, NUL, "\x00", SIX_HUNDRED_WORDS, SHORT_WORDS, "x" * 5000]
ODD = [*REFUSED_BY_THE_API, '"Merging']


@pytest.mark.parametrize("typed", ODD)
def test_odd_public_search_shows_the_search_page_not_an_error(client, consultation, typed):
    response = client.get(SITE_SEARCH, {"q": typed})
    assert response.status_code == 200
    assert 'id="search-q"' in response.content.decode()


def test_search_of_only_punctuation_asks_for_words(client, consultation):
    html = client.get(SITE_SEARCH, {"q": LONE_QUOTES}).content.decode()
    assert "Search for one or more words" in html
    assert 'value="&quot;&quot;&quot;"' in html  # what was typed is shown back
    assert "results</h2>" not in html


def test_very_long_public_search_searches_its_first_words_and_says_so(client, consultation):
    html = client.get(SITE_SEARCH, {"q": "Merging " + SIX_HUNDRED_WORDS}).content.decode()
    assert "Your search was too long, so only its first" in html
    assert "result" in html


def test_quotes_and_nul_bytes_around_words_still_find_the_page(client, consultation):
    for typed in ('"Merging"', "Merging\x00", '"""Merging'):
        html = client.get(SITE_SEARCH, {"q": typed}).content.decode()
        assert consultation.title in html, typed


@pytest.mark.parametrize("typed", REFUSED_BY_THE_API)
def test_odd_api_search_is_a_400_naming_the_parameter(client, consultation, typed):
    response = client.get(API, {"search": typed})
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["message"].startswith("search ")


@pytest.mark.parametrize("typed", ['"Merging"', '"Merging', "(Merging)"])
def test_api_search_with_quotes_around_words_still_finds_the_page(client, consultation, typed):
    response = client.get(API, {"search": typed})
    assert response.status_code == 200
    assert consultation.pk in [item["id"] for item in response.json()["items"]]


def test_public_query_keeps_words_in_every_script_whole():
    typed = query_syntax.public_query('পার্কিং "હોસ્પિટલ" مُستشفى walk-in')
    assert typed.words == ["পার্কিং", "હોસ્પિટલ", "مُستشفى", "walk", "in"]
    assert not typed.shortened and not typed.had_control_characters


@pytest.fixture
def indexed(answer, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        answer("Parking at the hospital is impossible.")


@pytest.mark.parametrize("typed", [SHORT_WORDS, " OR ".join(["a"] * 200), SIX_HUNDRED_WORDS])
@pytest.mark.parametrize("path", ["", "export.csv"])
def test_long_explorer_search_searches_its_first_words(client, analyst, indexed, typed, path):  # noqa: F811
    client.force_login(analyst)
    response = client.get(EXPLORER + path, {"q": typed})
    assert response.status_code == 200
    if path:
        b"".join(response.streaming_content)
    else:
        html = response.content.decode()
        assert f"only its first {query_syntax.MAX_QUERY_WORDS} words" in html


def test_long_explorer_search_still_finds_answers(client, analyst, indexed):  # noqa: F811
    client.force_login(analyst)
    html = client.get(EXPLORER, {"q": "impossible " + SIX_HUNDRED_WORDS}).content.decode()
    assert "is <mark>impossible</mark>" in html


@pytest.mark.parametrize("name", ["area", "consultation", "theme"])
@pytest.mark.parametrize("number", ["99999999999999999999", "-99999999999999999999"])
def test_huge_number_in_an_explorer_filter_is_ignored_and_named(
    client,
    analyst,  # noqa: F811
    indexed,
    name,
    number,
):
    client.force_login(analyst)
    response = client.get(EXPLORER, {"q": "parking", name: number})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This filter was ignored" in html
    assert "<mark>Parking</mark> at the hospital" in html  # the search still ran
    export = client.get(EXPLORER + "export.csv", {name: number})
    assert export.status_code == 200
    assert "impossible" in b"".join(export.streaming_content).decode()
