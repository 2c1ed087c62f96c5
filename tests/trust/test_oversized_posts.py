"""Posting far more than any public form needs (issue #14, low).

Public forms took any body up to Django's general 2.5 MB and 10 000 fields (sized for
staff saving big pages in the admin), and a body over that got a bare English "Bad
Request (400)". A public form now refuses a body over ``PUBLIC_REQUEST_MAX_BYTES``
(1 MiB, several times the longest answers allowed) with a "413 too large" page in the
site's layout and language before anything reads it, and more fields than
``PUBLIC_REQUEST_MAX_FIELDS`` with a clear 400 page; the admin keeps Django's limits,
and a body over those gets a page that says what happened too.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client

from consultations.models import Response
from tests.citizens_panel.test_membership import JOIN
from tests.consultations.conftest import consultation, consultation_index  # noqa: F401
from tests.consultations.factories import SuperuserFactory, question_id
from tests.consultations.test_respond import answer_step_one

pytestmark = pytest.mark.django_db


def test_a_survey_answer_of_a_megabyte_and_a_half_gets_a_clear_too_large_page(
    client,
    consultation,  # noqa: F811
):
    why = {f"q_{question_id(consultation, 'why')}": "x" * 1_500_000}

    response = answer_step_one(client, consultation, **why)

    assert response.status_code == 413
    html = response.content.decode()
    assert "What you sent is too large" in html
    assert 'class="nhsuk-header' in html  # the site's own layout
    assert not Response.objects.exists()


def test_the_too_large_page_is_in_the_visitors_language(client, consultation):  # noqa: F811
    response = client.post("/pl/panel/join/", {**JOIN, "access_needs": "x" * 1_500_000})

    assert response.status_code == 413
    assert '<html lang="pl"' in response.content.decode()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_thousands_of_fields_on_a_public_form_get_a_clear_page(client, home_page, encoding):
    many = {**JOIN, **{f"extra{n}": "1" for n in range(5000)}}

    if encoding == "urlencoded":  # as a browser sends our forms
        body = urlencode(many, doseq=True)
        response = client.post(
            "/en/panel/join/", body, content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.post("/en/panel/join/", many)

    assert response.status_code == 400
    assert "more answers than any of our forms" in response.content.decode()


def test_a_long_answer_within_the_limits_is_still_taken(client, consultation):  # noqa: F811
    why = {f"q_{question_id(consultation, 'why')}": "আ" * 500}  # its character limit

    assert answer_step_one(client, consultation, **why).status_code == 302


def test_the_limit_fits_ten_of_the_longest_answers_a_question_allows_in_bengali(settings):
    """A long-text question allows up to 10 000 characters; Bengali ones take 9 bytes
    each once a browser has encoded the form."""
    longest = len(urlencode({"q_3f2a9c1e-0000-4000-8000-000000000000": "আ" * 10_000}))

    assert 10 * longest < settings.PUBLIC_REQUEST_MAX_BYTES


def superuser_client() -> Client:
    staff = Client()
    staff.force_login(SuperuserFactory())
    return staff


def test_staff_saving_in_the_admin_keep_djangos_larger_limits(home_page):
    edit = "/admin/account/"  # account settings: reads the form, shows it again

    response = superuser_client().post(edit, {"name_email-first_name": "x" * 1_500_000})

    assert response.status_code == 200  # the editor's own validation, not a refusal


def test_an_admin_post_over_djangos_limit_says_what_happened(home_page):
    edit = "/admin/account/"  # account settings: reads the form, shows it again

    response = superuser_client().post(edit, {"name_email-first_name": "x" * 3_000_000})

    assert response.status_code == 413
    assert "What you sent is too large" in response.content.decode()
