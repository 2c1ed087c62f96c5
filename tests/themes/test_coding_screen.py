"""The coding screen: one answer at a time, ticked themes, save and next."""

from django.urls import reverse

from themes import coding
from themes.models import Coding, ThemeFrame


def url(consultation, **params):
    from django.utils.http import urlencode

    base = reverse("themes:code", args=[consultation.pk])
    return f"{base}?{urlencode(params)}" if params else base


def test_coding_screen_shows_the_answer_with_who_where_and_language(
    client, analyst, consultation, themes, answer, areas
):
    given = answer("The bus to the hospital takes an hour.", area=areas["harrow"], language="pl")
    client.force_login(analyst)
    page = client.get(url(consultation))
    html = page.content.decode()
    assert page.status_code == 200
    assert "The bus to the hospital takes an hour." in html
    assert "Harrow" in html and "An individual" in html and "pl" in html
    assert f'value="a{given.pk}"' in html
    # Every theme is a plain checkbox with its quick key, so the form works without JS.
    assert 'type="checkbox" name="themes"' in html
    assert 'data-key="1"' in html and 'data-key="3"' in html


def test_save_and_next_records_who_coded_what_and_moves_on(
    client, analyst, consultation, themes, answer
):
    first = answer("Parking costs too much.")
    second = answer("I waited three weeks.")
    client.force_login(analyst)
    response = client.post(
        url(consultation),
        {"item": f"a{first.pk}", "themes": [themes["parking"].pk, themes["transport"].pk]},
    )
    assert response.status_code == 302
    assert f"item=a{second.pk}" in response["Location"]
    codings = Coding.objects.filter(answer=first)
    assert {c.theme.name for c in codings} == {"Parking", "Transport"}
    assert {c.coder for c in codings} == {analyst}
    assert all(c.origin == "manual" and c.pass_kind == "primary" for c in codings)
    # Only uncoded answers are offered next.
    assert coding.next_key(ThemeFrame.for_page(consultation)) == f"a{second.pk}"
    # Coming back to the answer shows who coded it and when.
    html = client.get(url(consultation, item=f"a{first.pk}")).content.decode()
    assert "coded by" in html
    assert analyst.get_username() in html


def test_unticking_removes_a_theme_and_keeping_a_suggested_one_confirms_it(
    client, analyst, consultation, themes, answer
):
    given = answer("Buses are rare and parking is full.")
    Coding.objects.create(theme=themes["parking"], answer=given, origin="suggested")
    Coding.objects.create(theme=themes["waits"], answer=given, coder=analyst)
    client.force_login(analyst)
    page = client.get(url(consultation, item=f"a{given.pk}"))
    assert "suggested, not yet confirmed" in page.content.decode()
    client.post(url(consultation), {"item": f"a{given.pk}", "themes": [themes["parking"].pk]})
    kept = Coding.objects.get(answer=given)
    assert kept.theme == themes["parking"]
    assert kept.origin == "suggested"
    assert kept.confirmed_by == analyst and kept.confirmed_at is not None


def test_nearest_themes_are_offered_but_never_applied(
    client, analyst, consultation, themes, answer
):
    coded = answer("There is never any parking at the hospital car park.")
    Coding.objects.create(theme=themes["parking"], answer=coded)
    new = answer("The car park was full again so I missed my appointment.")
    client.force_login(analyst)
    html = client.get(url(consultation, item=f"a{new.pk}")).content.decode()
    assert "Nearest existing themes" in html
    near = html.split("Nearest existing themes")[1].split("</p>")[0]
    assert "Parking" in near
    assert not Coding.objects.filter(answer=new).exists()


def test_skip_leaves_the_answer_uncoded(client, analyst, consultation, themes, answer):
    given = answer("Nothing to add.")
    client.force_login(analyst)
    client.post(url(consultation), {"item": f"a{given.pk}", "action": "skip"})
    assert not Coding.objects.filter(answer=given).exists()


def test_coding_needs_the_coding_permission(client, staff_user, consultation, themes, answer):
    given = answer("Parking costs too much.")
    client.force_login(staff_user)
    assert client.get(url(consultation)).status_code == 302
    response = client.post(
        url(consultation), {"item": f"a{given.pk}", "themes": [themes["parking"].pk]}
    )
    assert response.status_code == 302
    assert not Coding.objects.exists()


def test_an_answer_to_another_consultation_cannot_be_coded_here(
    client, analyst, consultation, consultation_index, themes
):
    from tests.consultations.factories import make_consultation, make_response, question_id

    other = make_consultation(consultation_index, slug="other")
    response = make_response(other, {question_id(other, "why"): "Elsewhere."})
    other_answer = response.answers.get()
    client.force_login(analyst)
    page = client.post(
        url(consultation), {"item": f"a{other_answer.pk}", "themes": [themes["parking"].pk]}
    )
    # A 404 (which Django's LocaleMiddleware may turn into a redirect to /en/...).
    assert page.status_code in (302, 404)
    assert "item=" not in page.get("Location", "")
    assert not Coding.objects.exists()


def test_frame_page_lists_themes_with_counts_and_adds_a_theme(
    client, analyst, consultation, themes, answer
):
    Coding.objects.create(theme=themes["waits"], answer=answer("A long wait."))
    client.force_login(analyst)
    frame_url = reverse("themes:frame", args=[consultation.pk])
    html = client.get(frame_url).content.decode()
    assert "Waiting times" in html and "Tell us why you think this." in html
    response = client.post(
        frame_url,
        {"name": "Cost", "description": "", "parent": "", "colour": "#ae2573", "sort_order": 5},
    )
    assert response.status_code == 302
    assert themes["waits"].frame.themes.filter(name="Cost").exists()
    clash = client.post(
        frame_url,
        {"name": "cost", "description": "", "parent": "", "colour": "#ae2573", "sort_order": 6},
    )
    assert clash.status_code == 422
    assert "already a theme with this name" in clash.content.decode()


def test_an_analyst_confirms_every_suggested_coding_of_a_theme_at_once(
    client, analyst, themes, answer
):
    for text in ("Parking is full.", "No parking spaces."):
        Coding.objects.create(theme=themes["parking"], answer=answer(text), origin="suggested")
    client.force_login(analyst)
    edit = reverse("themes:theme_edit", args=[themes["parking"].pk])
    assert "2 answers were coded from a suggestion" in client.get(edit).content.decode()
    client.post(edit, {"action": "confirm"})
    assert not Coding.objects.unconfirmed_suggestions().exists()
    assert set(Coding.objects.values_list("confirmed_by", flat=True)) == {analyst.pk}
    # Deleting a theme takes its sub-themes and codings with it.
    client.post(reverse("themes:theme_edit", args=[themes["transport"].pk]), {"action": "delete"})
    assert not Coding.objects.exists()
    assert list(themes["waits"].frame.themes.values_list("name", flat=True)) == ["Waiting times"]
