"""A second analyst's check of a sample, and Cohen's kappa."""

import random

import pytest
from django.urls import reverse

from themes import agreement
from themes.models import CheckedItem, Coding


def test_kappa_of_a_two_by_two_table_matches_the_textbook_formula():
    table = agreement.Table(both=20, first_only=5, check_only=10, neither=15)
    # observed 0.7; chance 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa (0.7 - 0.5) / 0.5
    assert table.kappa == pytest.approx(0.4)
    assert agreement.Table(both=3, neither=0).kappa is None  # no variation


def test_cohen_kappa_agrees_with_scikit_learn():
    from sklearn.metrics import cohen_kappa_score

    rng = random.Random(3)
    first = [rng.choice("abc") for _ in range(200)]
    second = [x if rng.random() < 0.7 else rng.choice("abc") for x in first]
    assert agreement.cohen_kappa(first, second) == pytest.approx(cohen_kappa_score(first, second))


def test_second_analyst_checks_a_sample_blind_and_sees_the_agreement(
    client, analyst, second_analyst, consultation, themes, answer
):
    answers = [answer(f"Answer number {n}") for n in range(6)]
    for n, given in enumerate(answers):
        Coding.objects.create(
            theme=themes["waits"] if n % 2 else themes["transport"], answer=given, coder=analyst
        )
    answer("Not coded, never drawn.")
    client.force_login(second_analyst)
    check_url = reverse("themes:check", args=[consultation.pk])
    client.post(check_url, {"size": 4})
    drawn = list(CheckedItem.objects.all())
    assert len(drawn) == 4 and {c.answer_id for c in drawn} <= {a.pk for a in answers}

    code_url = reverse("themes:check_code", args=[consultation.pk])
    for n, item in enumerate(drawn):
        page = client.get(f"{code_url}?item={item.key}").content.decode()
        assert "The first analyst's themes are not shown" in page
        assert "checked" not in page.split('name="themes"')[1].split(">")[0]  # blind
        first = Coding.objects.get(answer_id=item.answer_id, pass_kind="primary").theme
        chosen = first if n < 3 else themes["parking"]  # disagree on the last one
        client.post(code_url, {"item": item.key, "themes": [chosen.pk]})
    assert agreement.pending(themes["waits"].frame).count() == 0
    result = agreement.agreement(themes["waits"].frame)
    assert result["checked"] == 4 and result["exact_matches"] == 3
    # The primary coding is untouched by the check.
    assert Coding.objects.primary().count() == 6
    assert Coding.objects.checks().count() == 4
    html = client.get(check_url).content.decode()
    assert "Cohen&#x27;s kappa" in html or "Cohen's kappa" in html
    pooled = result["pooled"]
    assert pooled.total == 4 * 3
    assert f"{pooled.kappa:.2f}" in html
