"""The JSON API (Wagtail's API v2 at /api/v2/pages/, published pages as open data) never
answers a server error, whatever the query string, and never lists anything but live,
public pages.

Wagtail's API publishes no OpenAPI schema, so instead of a schema-driven tool the
query parameters it documents (type, fields, order, limit, offset, search,
search_operator, locale, child_of, descendant_of, translation_of, slug, id) are fuzzed
with hypothesis, together with made-up ones.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"
PARAMETERS = [
    "type",
    "fields",
    "order",
    "limit",
    "offset",
    "search",
    "search_operator",
    "locale",
    "child_of",
    "descendant_of",
    "translation_of",
    "slug",
    "id",
    "html_path",
]
values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "-1",
            "0",
            "99999999999999999999",
            "abc",
            "*",
            "_,id",
            "-title",
            "random",
            "consultations.ConsultationPage",
            "events.EventPage",
            "portal.HomePage",
            "wagtailcore.Page",
            "auth.User",
            "and",
            "or",
            "en",
            "pl",
            "zz",
            "title,intro,-id",
            "parent(*)",
            "'; DROP TABLE wagtailcore_page; --",
            "\x00",
            '"""',
            '"unclosed',
            " ".join(["word"] * 600),
        ]
    ),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
)


@pytest.fixture
def open_data(client, consultation):
    if client.get(API).status_code == 404:
        pytest.skip("no JSON API at /api/v2/pages/ in this build")
    return consultation


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.dictionaries(
        st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=12)),
        values,
        max_size=5,
    ),
    detail=st.booleans(),
)
def test_any_query_string_gets_json_and_never_a_server_error(client, open_data, query, detail):
    path = f"{API}{open_data.pk}/" if detail else API
    response = client.get(path, {k: v for k, v in query.items() if "\x00" not in k})
    assert response.status_code < 500, (path, query, response.content[:300])
    if response.status_code == 302:
        # A "not found" (e.g. an unknown locale) goes through LocaleMiddleware, which
        # tries the language-prefixed path; nothing is served from the API.
        return
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200 and not detail:
        for item in body["items"]:
            assert item["meta"]["type"] != "portal.HomePage"


def test_draft_and_private_pages_are_not_open_data(client, open_data):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=open_data, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    listed = client.get(API).json()["items"]
    assert open_data.pk not in [item["id"] for item in listed]
    assert client.get(f"{API}{open_data.pk}/").status_code in (302, 404)  # see above
