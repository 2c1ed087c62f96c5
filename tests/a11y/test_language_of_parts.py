"""Text a translator has not translated yet says which language it is in (WCAG 3.1.2).

A page translated with wagtail-localize shows the English source for every string
nobody has translated; a screen reader must read those in English, not Arabic."""

import re

import pytest
from bs4 import BeautifulSoup

from portal.demo.localize import translate
from tests.consultations import factories

pytestmark = pytest.mark.django_db

ARABIC = {
    "Merging commissioning in North West London": "دمج التكليف في شمال غرب لندن",
    "Bus": "حافلة",
}


@pytest.fixture
def arabic_consultation(consultation, locales):
    """An Arabic translation with the title and one option translated, nothing else."""
    for ancestor in consultation.get_ancestors()[1:]:
        translate(ancestor.specific, locales["ar"], {})
    translated, _ = translate(consultation, locales["ar"], ARABIC)
    return translated


def main_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser").find("main")


def element_with_text(main, text):
    return main.find(lambda tag: " ".join(tag.get_text().split()) == text)


def test_untranslated_text_on_an_arabic_page_is_marked_english(client, arabic_consultation):
    response = client.get(arabic_consultation.url)
    assert response.status_code == 200
    main = main_of(response)
    intro = element_with_text(main, "Tell us what you think of our plans.")
    assert (intro["lang"], intro["dir"]) == ("en", "ltr")
    heading = main.find("h1")
    assert heading.get_text(strip=True) == ARABIC["Merging commissioning in North West London"]
    assert not heading.has_attr("lang"), "translated text takes the page's language"


def test_untranslated_questions_and_options_in_a_survey_step_are_marked(
    client, arabic_consultation
):
    response = client.get(arabic_consultation.url + "respond/step/1/")
    assert response.status_code == 200
    main = main_of(response)
    car = main.find(string=lambda s: s.strip() == "Car")
    assert car.find_parent(attrs={"lang": "en"}) is not None
    item = car.find_parent(class_="nhsuk-radios__item")
    assert not item.has_attr("dir"), "a radio stays on the same side as the others"
    bus = main.find(string=lambda s: s.strip() == ARABIC["Bus"])
    assert bus.find_parent(attrs={"lang": "en"}) is None
    question = main.find(string=lambda s: "How do you usually travel to hospital?" in s)
    legend = question.find_parent(attrs={"lang": "en"})
    assert legend is not None
    assert legend["dir"] in ("ltr", "auto"), "a direction of its own is kept, never doubled"
    two_directions = re.compile(r'<[^>]*\sdir="[^"]*"[^>]*\sdir="')
    assert not two_directions.search(response.content.decode())


def test_an_untranslated_consultation_listed_and_in_the_breadcrumbs_is_marked(
    client, consultation, locales
):
    """The Arabic consultations index lists a consultation nobody has translated, and the
    consultation's own breadcrumbs name the untranslated index page."""
    index = consultation.get_parent().specific
    for ancestor in index.get_ancestors()[1:]:
        translate(ancestor.specific, locales["ar"], {})
    arabic_index, _ = translate(index, locales["ar"], {})
    arabic_consultation, _ = translate(consultation, locales["ar"], {})

    listing = main_of(client.get(arabic_index.url))
    card_title = listing.find("a", string=lambda s: s and consultation.title in s)
    assert card_title.find_parent(attrs={"lang": "en"}) is not None

    page = BeautifulSoup(client.get(arabic_consultation.url).content.decode(), "html.parser")
    crumb = page.find(class_="nhsuk-breadcrumb").find("a", string=index.title)
    assert crumb.find_parent(attrs={"lang": "en"}) is not None or crumb.get("lang") == "en"


def test_an_untranslated_title_in_the_site_search_results_is_marked(client, consultation, locales):
    for ancestor in consultation.get_ancestors()[1:]:
        translate(ancestor.specific, locales["ar"], {})
    translate(consultation, locales["ar"], {})

    response = client.get("/ar/search/", {"q": "Merging"})

    result = main_of(response).find("a", string=consultation.title)
    assert result is not None, "the Arabic translation is found"
    assert result.find_parent(attrs={"lang": "en"}) is not None


def test_an_english_page_gets_no_language_marks(client, consultation):
    response = client.get(consultation.url)
    assert response.status_code == 200
    assert main_of(response).find(attrs={"lang": True}) is None


def test_a_fully_translated_page_gets_no_language_marks(client, consultation, locales):
    polish = factories.translate_consultation(consultation, locales["pl"])
    response = client.get(polish.url)
    assert response.status_code == 200
    assert main_of(response).find(attrs={"lang": "en"}) is None


def test_a_page_is_still_served_if_marking_fails(client, arabic_consultation, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("unexpected markup")

    monkeypatch.setattr("portal.middleware.mark_untranslated", broken)
    response = client.get(arabic_consultation.url)
    assert response.status_code == 200
    assert "Tell us what you think of our plans." in response.content.decode()
    assert "Could not mark untranslated text" in caplog.text
