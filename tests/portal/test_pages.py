import pytest

from portal.models import StandardPage

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_english_with_nhs_header(client, home_page):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert 'class="nhsuk-header' in html
    assert 'href="#maincontent"' in html
    assert "<h1>Have your say</h1>" in html


def test_arabic_page_is_laid_out_right_to_left(client, home_page, locales):
    home_page.copy_for_translation(locales["ar"]).save_revision().publish()
    response = client.get("/ar/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_language_switcher_links_to_the_translation_of_the_same_page(client, home_page, locales):
    about = home_page.add_child(instance=StandardPage(title="About us", slug="about"))
    polish_home = home_page.copy_for_translation(locales["pl"])
    polish_home.save_revision().publish()
    polish_about = about.copy_for_translation(locales["pl"])
    polish_about.title = "O nas"
    polish_about.save_revision().publish()

    html = client.get("/en/about/").content.decode()
    assert 'href="/pl/about/" lang="pl"' in html


def test_breadcrumbs_show_the_way_back_to_the_home_page(client, home_page):
    about = home_page.add_child(instance=StandardPage(title="About us", slug="about"))
    about.add_child(instance=StandardPage(title="Our board", slug="board"))
    html = client.get("/en/about/board/").content.decode()
    assert 'class="nhsuk-breadcrumb"' in html
    assert ">About us</a>" in html
