"""``manage.py load_demo_content`` builds the demo site, and running it again changes nothing."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Site, Workflow

from portal.models import Area, AreaPage, HomePage, PortalSettings, Topic

pytestmark = pytest.mark.django_db

PASSWORD_LINE = re.compile(r"Admin login: (\S+)\s+email/username (\S+) / (\S+)\s+password (\S+)")


def load_demo(*args) -> str:
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_output(demo_site, db):
    """What the first run of the command printed (the site is built once per module)."""
    return demo_site


def site_counts() -> dict:
    return {
        "pages": Page.objects.count(),
        "areas": Area.objects.count(),
        "topics": Topic.objects.count(),
        "groups": Group.objects.count(),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
        "workflows": Workflow.objects.count(),
    }


def test_running_the_demo_twice_adds_nothing_the_second_time(demo_output):
    first = site_counts()
    second_output = load_demo()

    assert site_counts() == first
    assert first["areas"] == 8
    assert first["topics"] == 8 * len(settings.LANGUAGES)  # in every site language
    assert "0 area pages created, 8 already there" in second_output
    assert "password unchanged" in second_output


def test_every_step_reports_its_progress(demo_output):
    steps = re.findall(r"^\[(\d+)/(\d+)\] ", demo_output, flags=re.MULTILINE)
    total = int(steps[0][1])
    assert [int(number) for number, _ in steps] == list(range(1, total + 1))
    assert "Demo content ready" in demo_output


def test_demo_replaces_wagtails_welcome_page_with_the_home_page(demo_output):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_english_and_polish_home_pages_show_the_demo_titles(client, demo_output):
    english = client.get("/en/")
    polish = client.get("/pl/")

    assert english.status_code == 200
    assert "<h1>NHS North West London: have your say</h1>" in english.content.decode()
    assert polish.status_code == 200
    polish_html = polish.content.decode()
    assert '<html lang="pl" dir="ltr">' in polish_html
    assert "<h1>NHS North West London: wyraź swoją opinię</h1>" in polish_html
    assert "Co proponujemy" in polish_html
    assert "What we are proposing" not in polish_html


def test_arabic_home_page_reads_right_to_left_in_arabic(client, demo_output):
    response = client.get("/ar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "شارك برأيك" in html


def test_every_site_language_has_a_published_home_page(client, demo_output):
    for code, _name in settings.LANGUAGES:
        response = client.get(f"/{code}/")
        assert response.status_code == 200, code
        assert f'<html lang="{code}"' in response.content.decode()


def test_area_pages_are_translated_into_polish_and_arabic(client, demo_output):
    assert AreaPage.objects.filter(locale__language_code="en").count() == 8
    polish = client.get("/pl/central-london/").content.decode()
    arabic = client.get("/ar/central-london/").content.decode()
    assert "<h1>Centralny Londyn (Westminster)</h1>" in polish
    assert "<h1>وسط لندن (وستمنستر)</h1>" in arabic


def test_areas_carry_the_ons_code_of_their_local_authority(demo_output):
    codes = dict(Area.objects.values_list("slug", "ons_code"))
    assert codes == {
        "brent": "E09000005",
        "central-london": "E09000033",
        "ealing": "E09000009",
        "hammersmith-and-fulham": "E09000013",
        "harrow": "E09000015",
        "hillingdon": "E09000017",
        "hounslow": "E09000018",
        "west-london": "E09000020",
    }
    west_london = Area.objects.get(slug="west-london")
    assert "Queen's Park and Paddington" in west_london.description


def test_footer_links_to_the_privacy_notice_and_accessibility_statement(client, demo_output):
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert portal_settings.organisation_descriptor == "Integrated Care Board"

    html = client.get("/en/").content.decode()
    assert 'href="/en/privacy-notice/"' in html
    assert 'href="/en/accessibility-statement/"' in html
    assert client.get("/en/privacy-notice/").status_code == 200


def test_printed_admin_password_signs_in_to_the_admin(client, demo_output):
    admin_url, email, username, password = PASSWORD_LINE.search(demo_output).groups()
    assert admin_url.endswith("/admin/")

    assert client.login(username=username, password=password)
    assert client.get("/admin/").status_code == 200


def test_printed_admin_password_works_on_the_email_sign_in_page(client, demo_output):
    _url, email, _username, password = PASSWORD_LINE.search(demo_output).groups()

    response = client.post(
        "/en/accounts/login/?next=/admin/", {"login": email, "password": password}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_reset_admin_password_prints_a_new_password_that_replaces_the_old(client, demo_output):
    old_password = PASSWORD_LINE.search(demo_output).group(4)

    reset_output = load_demo("--reset-admin-password")
    new_password = PASSWORD_LINE.search(reset_output).group(4)

    assert new_password != old_password
    assert not client.login(username="admin", password=old_password)
    assert client.login(username="admin", password=new_password)


def test_home_page_lists_every_area_in_the_visitors_language(client, demo_output):
    english = client.get("/en/").content.decode()
    polish = client.get("/pl/").content.decode()

    assert english.count('href="/en/brent/"') == 1
    assert 'href="/en/west-london/">West London (Kensington and Chelsea' in english
    assert 'href="/pl/hammersmith-and-fulham/">Hammersmith i Fulham</a>' in polish
