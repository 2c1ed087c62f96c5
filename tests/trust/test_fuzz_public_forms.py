"""Whatever is posted to the public forms (draft comments, panel join, event sign-up),
nothing breaks and nothing invalid is stored. The survey has its own fuzz test
(tests/consultations/test_fuzz_respond.py); the portal has no JSON API to fuzz from an
OpenAPI schema (only /healthz, a GET).

Each stored row must pass its model's own validation (choices, lengths, email format),
carry no NUL characters (PostgreSQL refuses them in text), and record consent where
the form asks for it.
"""

import pytest
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.citizens_panel.conftest import census, hounslow, nwl_areas  # noqa: F401 - fixtures
from tests.consultations.test_drafts import draft  # noqa: F401 - fixture re-used here

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

awkward = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            '=HYPERLINK("http://evil.example")',
            "<script>alert(1)</script>",
            "x" * 5000,
            "person@example.org",
            "not-an-email",
            "HA1 2AB",
            "on",
            "individual",
            "organisation",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
)


def payload(data, known: list[str]) -> dict:
    names = data.draw(
        st.lists(st.one_of(st.sampled_from(known), st.text(min_size=1, max_size=30)), max_size=10)
    )
    drawn = {name: data.draw(st.one_of(awkward, st.lists(awkward, max_size=3))) for name in names}
    return {k: v for k, v in drawn.items() if "\x00" not in k}


def assert_clean(queryset, *, json_choices: dict[str, set] | None = None):
    """Every stored row validates and holds no NUL character."""
    for row in queryset:
        # A nullable field left empty is fine even where the model forgot blank=True.
        unset = [
            f.name for f in row._meta.concrete_fields if f.null and getattr(row, f.attname) is None
        ]
        row.full_clean(exclude=unset, validate_unique=False, validate_constraints=False)
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if isinstance(field, models.CharField | models.TextField):
                assert "\x00" not in (value or ""), field.name
        for name, allowed in (json_choices or {}).items():
            assert set(getattr(row, name)) <= allowed, (name, getattr(row, name))


@FUZZ
@given(data=st.data())
def test_posting_anything_as_a_draft_comment_never_errors(client, draft, data):  # noqa: F811
    from consultations.models import DraftComment

    sections = [str(block.id) for block in draft.sections]
    known = ["section", "text", "respondent_type", "organisation_name", "display_name", "email"]
    body = payload(data, known)
    if data.draw(st.booleans()):
        body["section"] = data.draw(st.sampled_from(["", *sections]))

    response = client.post(draft.url + "comment/", body)

    assert response.status_code < 500
    stored = DraftComment.objects.all()
    assert_clean(stored)
    for comment in stored:
        assert comment.section_id in {"", *sections}
        assert comment.text.strip()


@FUZZ
@given(data=st.data())
def test_posting_anything_to_join_the_panel_never_errors(client, home_page, hounslow, data):  # noqa: F811
    from citizens_panel import choices
    from citizens_panel.models import Member

    known = [
        "name",
        "email",
        "phone",
        "postcode",
        "ways_to_take_part",
        "access_needs",
        "age_band",
        "sex",
        "ethnic_group",
        "main_language",
        "consent",
    ]
    body = payload(data, known)
    if data.draw(st.booleans()):
        body.update(name="Asha", email="asha@example.org", postcode="TW3 1AA", consent="on")

    response = client.post("/en/panel/join/", body)

    assert response.status_code < 500
    members = Member.objects.all()
    assert_clean(
        members, json_choices={"ways_to_take_part": {v for v, _ in choices.WAYS_TO_TAKE_PART}}
    )
    for member in members:
        assert member.consent_wording and member.consented_at is not None


@pytest.fixture
def open_event(home_page):
    factories = pytest.importorskip(
        "tests.events.factories", reason="the events app has no sign-up yet"
    )
    return factories.make_event(factories.make_index(home_page))


@FUZZ
@given(data=st.data())
def test_posting_anything_to_an_event_sign_up_never_errors(client, open_event, data):
    from events.choices import ACCESS_NEEDS
    from events.models import EventSignup

    known = ["name", "email", "phone", "access_needs", "access_details", "consent"]
    body = payload(data, known)
    if data.draw(st.booleans()):
        body.update(name="Sam", email="sam@example.org", consent="on")

    response = client.post(open_event.url + "sign-up/", body)

    assert response.status_code < 500
    signups = EventSignup.objects.all()
    assert_clean(signups, json_choices={"access_needs": {v for v, _ in ACCESS_NEEDS}})
    for signup in signups:
        assert signup.name.strip() and signup.consent_wording
