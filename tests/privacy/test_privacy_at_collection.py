"""Every form that collects personal data says how it is used and links the privacy notice.

The crawl visits each public page with such a form (survey steps asking a postcode or
"About you" answers, your details, check your answers, save and come back, a comment
on a policy draft, event sign-up, joining and managing the Citizens' Panel, deleting
your data, creating an account) and looks, for every form on it that collects personal
data, for the privacy notice link inside the form or in the element just before it.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.utils import timezone

from citizens_panel.models import Member
from consultations.models import PolicyDraftPage
from portal.models import PortalSettings, StandardPage
from tests.consultations import factories
from tests.consultations.test_drafts import sections_data
from tests.consultations.test_respond import answer_step_one, answer_step_two, details
from tests.events import factories as event_factories

pytestmark = pytest.mark.django_db

PERSONAL_NAMES = {"name", "email", "phone", "postcode", "display_name", "access_needs"}
PERSONAL_AUTOCOMPLETE = {"name", "email", "tel", "postal-code"}


@pytest.fixture
def privacy_notice(home_page):
    page = home_page.add_child(
        instance=StandardPage(title="Privacy notice", slug="privacy-notice", intro="How we use it.")
    )
    page.save_revision().publish()
    settings = PortalSettings.for_site(home_page.get_site())
    settings.privacy_notice_page = page
    settings.save()
    return page


def collects_personal_data(form) -> bool:
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name") or ""
        if field.get("type") in ("hidden", "submit") or name == "website":
            continue
        if (
            name in PERSONAL_NAMES
            or name.startswith("eq-")
            or field.get("type") == "email"
            or field.get("autocomplete") in PERSONAL_AUTOCOMPLETE
        ):
            return True
    return False


def links_to(element, href) -> bool:
    return element is not None and any(a.get("href") == href for a in element.find_all("a"))


def check_forms(html: str, notice_url: str, *, always=False) -> int:
    """Assert each personal-data form has the notice link in or just before it; how many."""
    soup = BeautifulSoup(html, "html.parser")
    checked = 0
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        if not (always or collects_personal_data(form)):
            continue
        before = form.find_previous_sibling()
        assert links_to(form, notice_url) or links_to(before, notice_url), str(form)[:300]
        if before is not None and links_to(before, notice_url):
            assert "How we use your information" in before.get_text()
        checked += 1
    return checked


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_survey_steps_details_check_and_save_link_the_privacy_notice(
    client, consultation, privacy_notice
):
    notice = privacy_notice.url
    step_one = get(client, consultation.url + "respond/step/1/")
    assert check_forms(step_one, notice) == 0  # no personal data asked on step 1
    assert "How we use your information" not in step_one
    assert answer_step_one(client, consultation).status_code == 302
    step_two = get(client, consultation.url + "respond/step/2/")  # postcode, "About you"
    assert check_forms(step_two, notice) == 1
    assert "12 months after the consultation closes" in step_two
    assert answer_step_two(client, consultation).status_code == 302
    assert check_forms(get(client, consultation.url + "respond/your-details/"), notice) == 1
    assert details(client, consultation, email="sam@example.org").status_code == 302
    check = get(client, consultation.url + "respond/check/")
    assert check_forms(check, notice, always=True) == 1
    assert check_forms(get(client, consultation.url + "respond/save/"), notice) == 1


def test_retention_period_shown_is_the_consultations_own(client, consultation, privacy_notice):
    consultation.retention_months = 6
    consultation.save_revision().publish()
    assert answer_step_one(client, consultation).status_code == 302
    assert "6 months after the consultation closes" in get(
        client, consultation.url + "respond/step/2/"
    )


def test_comment_form_on_a_draft_links_the_privacy_notice(
    client, consultation_index, privacy_notice
):
    draft = PolicyDraftPage(
        title="Knee arthroscopy",
        slug="knee-arthroscopy",
        intro="A draft policy.",
        version_label="1",
        sections=sections_data(),
    )
    consultation_index.add_child(instance=draft)
    draft.save_revision().publish()
    html = get(client, draft.url)
    assert check_forms(html, privacy_notice.url) == 1
    assert "We never publish your email address" in html


def test_event_sign_up_links_the_privacy_notice(client, home_page, privacy_notice):
    event = event_factories.make_event(event_factories.make_index(home_page))
    html = get(client, event.url + "sign-up/")
    assert check_forms(html, privacy_notice.url) == 1
    assert "access needs" in html


def test_panel_join_names_special_category_basis_and_that_it_is_optional(client, privacy_notice):
    html = get(client, "/en/panel/join/")
    assert check_forms(html, privacy_notice.url) == 1
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    assert "special category information" in text
    assert "Every one is optional" in text
    assert "Article 9(2)(a)" in text


def test_panel_membership_page_and_data_deletion_link_the_privacy_notice(client, privacy_notice):
    user = factories.UserFactory(email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Member.objects.create(
        user=user,
        email=user.email,
        name="Sam",
        status=Member.Status.ACTIVE,
        confirmed_at=timezone.now(),
    )
    client.force_login(user)
    assert check_forms(get(client, "/en/panel/membership/"), privacy_notice.url) >= 1
    assert check_forms(get(client, "/en/your-data/delete/"), privacy_notice.url, always=True) == 1


def test_account_sign_up_links_the_privacy_notice(client, privacy_notice):
    assert check_forms(get(client, "/en/accounts/signup/"), privacy_notice.url) == 1


def test_a_form_without_the_link_is_caught(privacy_notice):
    """The check itself can fail: a personal-data form with no link nearby."""
    html = '<p>Intro</p><form method="post"><input name="email" type="email"></form>'
    with pytest.raises(AssertionError):
        check_forms(html, privacy_notice.url)
