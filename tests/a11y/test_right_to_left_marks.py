"""How one part of a right-to-left page in another language is marked: the text says
its language and direction, the layout box around it keeps the page's. (Apart from
test_right_to_left.py, whose crawl loads the whole demo for its module.)"""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation

from portal.demo.localize import translate

pytestmark = pytest.mark.django_db


def test_a_radio_keeps_the_page_direction_while_its_english_label_reads_left_to_right(
    client, consultation, locales
):
    for ancestor in consultation.get_ancestors()[1:]:
        translate(ancestor.specific, locales["ar"], {})
    arabic, _ = translate(consultation, locales["ar"], {"Bus": "حافلة"})

    response = client.get(arabic.url + "respond/step/1/")

    assert response.status_code == 200
    main = BeautifulSoup(response.content.decode(), "html.parser").find("main")
    car = main.find(string=lambda s: s.strip() == "Car")
    marked = car.find_parent(attrs={"lang": "en"})
    assert marked is not None and marked.get("dir") in ("ltr", "auto"), marked
    item = car.find_parent(class_="nhsuk-radios__item")
    assert not item.has_attr("dir"), "the radio stays on the right with the others"
    assert not item.has_attr("lang"), "the box is not marked: its label is"
    bus = main.find(string=lambda s: s.strip() == "حافلة")
    assert bus.find_parent(attrs={"lang": "en"}) is None


def test_a_comment_in_another_language_says_its_language_and_direction():
    template = Template("{% load portal_tags %}<p{% language_of_part code %}>x</p>")
    with translation.override("ar"):
        assert template.render(Context({"code": "en"})) == '<p lang="en" dir="ltr">x</p>'
        assert template.render(Context({"code": "ar"})) == "<p>x</p>"
    with translation.override("en"):
        assert template.render(Context({"code": "ur"})) == '<p lang="ur" dir="rtl">x</p>'
