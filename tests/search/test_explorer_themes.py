"""Feedback explorer: filtering by theme (with counts) and coding the results."""

from django.contrib.auth.models import Permission
from django.utils.http import urlencode

from search import explorer
from tests.consultations.factories import question_id
from themes.models import Coding, Theme, ThemeFrame

URL = "/admin/feedback-explorer/"


def _coded_answers(consultation, answer, capture, analyst):
    frame = ThemeFrame.for_page(consultation)
    transport = Theme.objects.create(frame=frame, name="Transport", colour="#005eb8")
    parking = Theme.objects.create(frame=frame, name="Parking", parent=transport, colour="#007f3b")
    waits = Theme.objects.create(frame=frame, name="Waiting times", colour="#330072")
    with capture(execute=True):
        bus = answer("The bus to the hospital is slow.")
        car = answer("Parking at the hospital costs too much.")
        wait = answer("The wait at the hospital was four hours.")
        answer("The hospital staff were kind.")
    why = question_id(consultation, "why")
    for response, theme in ((bus, transport), (car, parking), (wait, waits)):
        Coding.objects.create(theme=theme, answer=response.answers.get(question_id=why))
    # A second analyst's check does not count as coding.
    Coding.objects.create(
        theme=waits, answer=bus.answers.get(question_id=why), pass_kind="check", coder=analyst
    )
    return {"transport": transport, "parking": parking, "waits": waits}


def test_explorer_filters_by_theme_including_its_sub_themes(
    consultation, answer, analyst, django_capture_on_commit_callbacks
):
    themes = _coded_answers(consultation, answer, django_capture_on_commit_callbacks, analyst)
    found = {
        d.text for d in explorer.run({"q": "hospital", "theme": themes["transport"].pk}).results
    }
    assert found == {
        "The bus to the hospital is slow.",
        "Parking at the hospital costs too much.",
    }
    only_parking = explorer.run({"theme": themes["parking"].pk})
    assert [d.text for d in only_parking.results] == ["Parking at the hospital costs too much."]
    assert only_parking.count() == 1


def test_theme_facet_counts_the_coded_results(
    consultation, answer, analyst, django_capture_on_commit_callbacks
):
    themes = _coded_answers(consultation, answer, django_capture_on_commit_callbacks, analyst)
    counts = {label: n for _v, label, n in explorer.run({"q": "hospital"}).facets()["theme"]}
    assert counts == {"Transport": 1, "Transport › Parking": 1, "Waiting times": 1}
    counts = {label: n for _v, label, n in explorer.run({"q": "bus"}).facets()["theme"]}
    assert counts == {"Transport": 1}  # the check coding of this answer is not counted
    assert themes


def test_explorer_page_offers_the_theme_filter_and_bulk_coding_link(
    client, consultation, answer, analyst, django_capture_on_commit_callbacks
):
    themes = _coded_answers(consultation, answer, django_capture_on_commit_callbacks, analyst)
    analyst.user_permissions.add(Permission.objects.get(codename="add_coding"))
    client.force_login(analyst)
    html = client.get(URL, {"q": "hospital"}).content.decode()
    assert "Waiting times" in html and f"theme={themes['waits'].pk}" in html
    assert "Code these results with a theme" in html
    assert "/admin/themes/bulk/?" + urlencode({"q": "hospital"}) in html
    filtered = client.get(URL, {"q": "hospital", "theme": themes["waits"].pk}).content.decode()
    assert "1 result" in filtered and "four hours" in filtered
    assert "bus to the hospital" not in filtered


def test_analyst_who_cannot_code_sees_no_bulk_coding_link(
    client, answer, analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer("The hospital was clean.")
    client.force_login(analyst)
    html = client.get(URL, {"q": "hospital"}).content.decode()
    assert "1 result" in html and "Code these results with a theme" not in html
