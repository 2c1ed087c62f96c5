"""Second coding is a different person's; disagreements are listed and settled."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.consultations.factories import StaffUserFactory
from tests.themes.conftest import ANALYST_PERMISSIONS, grant
from themes import agreement, coding
from themes.models import CheckedItem, Coding


@pytest.fixture
def lead(db):
    user = grant(StaffUserFactory(), ANALYST_PERMISSIONS)
    user.user_permissions.add(Permission.objects.get(codename="settle_disagreement"))
    return user


@pytest.fixture
def coded(analyst, themes, answer):
    """Four answers coded by ``analyst`` (Transport on two, Waiting times on two), all drawn."""
    answers = [answer(f"Answer {n} about the hospital") for n in range(4)]
    for n, given in enumerate(answers):
        theme = themes["transport"] if n < 2 else themes["waits"]
        Coding.objects.create(theme=theme, answer=given, coder=analyst)
    agreement.draw_sample(themes["waits"].frame, 4, user=analyst, seed=1)
    return answers


def check_url(consultation):
    return reverse("themes:check_code", args=[consultation.pk])


def test_analyst_cannot_second_code_his_own_item(client, analyst, consultation, themes, coded):
    frame = themes["waits"].frame
    client.force_login(analyst)
    item = CheckedItem.objects.first()
    opened = client.get(f"{check_url(consultation)}?item={item.key}", follow=True)
    assert "a different analyst has to check it" in opened.content.decode()
    first = Coding.objects.get(answer_id=item.answer_id, pass_kind="primary").theme
    client.post(check_url(consultation), {"item": item.key, "themes": [first.pk]})
    assert Coding.objects.checks().count() == 0
    assert agreement.pending(frame).count() == 4
    result = agreement.agreement(frame)
    assert result["checked"] == 0 and result["pooled"].kappa is None
    page = client.get(reverse("themes:check", args=[consultation.pk])).content.decode()
    assert "0 items checked by a second analyst" in page
    assert "another analyst has to check them" in page
    assert "Check the next item" not in page


def test_check_screen_never_offers_the_analyst_his_own_items(
    client, analyst, second_analyst, consultation, themes, coded
):
    frame = themes["waits"].frame
    assert agreement.next_check_key(frame, user=analyst) is None
    assert agreement.next_check_key(frame, user=second_analyst) is not None
    client.force_login(analyst)
    response = client.get(check_url(consultation), follow=True)
    assert "Nothing is waiting for you to check" in response.content.decode()


def test_a_self_check_saved_before_the_rule_is_not_counted(
    client, analyst, consultation, themes, coded
):
    """A check recorded by the first coder (as the old screen allowed) shows apart."""
    frame = themes["waits"].frame
    item = CheckedItem.objects.first()
    first = Coding.objects.get(answer_id=item.answer_id, pass_kind="primary").theme
    Coding.objects.create(theme=first, answer_id=item.answer_id, coder=analyst, pass_kind="check")
    CheckedItem.objects.filter(pk=item.pk).update(checked_by=analyst, checked_at=item.created_at)
    result = agreement.agreement(frame)
    assert result["checked"] == 0 and result["not_counted"] == 1
    client.force_login(analyst)
    page = client.get(reverse("themes:check", args=[consultation.pk])).content.decode()
    assert "1 check made by the analyst who coded the item is not counted" in page


def second_coding(client, user, consultation, themes, *, disagree_on=1):
    """``user`` checks every drawn item, agreeing except on the first ``disagree_on``."""
    client.force_login(user)
    for n, item in enumerate(CheckedItem.objects.order_by("pk")):
        first = Coding.objects.get(answer_id=item.answer_id, pass_kind="primary").theme
        chosen = themes["parking"] if n < disagree_on else first
        client.post(check_url(consultation), {"item": item.key, "themes": [chosen.pk]})


def test_disagreements_page_lists_where_the_coders_differ_and_the_checker_settles_it(
    client, analyst, second_analyst, consultation, themes, coded
):
    frame = themes["waits"].frame
    second_coding(client, second_analyst, consultation, themes, disagree_on=1)
    before = agreement.agreement(frame)
    assert before["checked"] == 4 and before["exact_matches"] == 3
    check_page = client.get(reverse("themes:check", args=[consultation.pk])).content.decode()
    assert "1 item where the two analysts differ" in check_page

    url = reverse("themes:disagreements", args=[consultation.pk])
    page = client.get(url).content.decode()
    disputed = CheckedItem.objects.order_by("pk").first()
    assert page.count('name="checked_item"') == 1
    assert f'value="{disputed.pk}"' in page
    assert "Parking" in page and "First analyst" in page and "Second analyst" in page

    client.post(url, {"checked_item": disputed.pk, "themes": [themes["parking"].pk]})
    primary = set(
        Coding.objects.primary()
        .filter(answer_id=disputed.answer_id)
        .values_list("theme__name", flat=True)
    )
    assert primary == {"Parking"}
    disputed.refresh_from_db()
    assert disputed.settled_by == second_analyst and disputed.settled_theme_ids
    entry = ModelLogEntry.objects.get(action="themes.settle_disagreement")
    assert entry.user_id == second_analyst.pk and entry.object_id == str(disputed.pk)
    # Settling changes what reports count, never the agreement between the two codings.
    after = agreement.agreement(frame)
    assert after["exact_matches"] == 3 and after["pooled"].kappa == before["pooled"].kappa
    assert "0 disagreements waiting to be settled" in client.get(url).content.decode()


def test_a_third_analyst_cannot_settle_but_an_engagement_lead_can(
    client, analyst, second_analyst, lead, consultation, themes, coded
):
    second_coding(client, second_analyst, consultation, themes, disagree_on=1)
    disputed = CheckedItem.objects.order_by("pk").first()
    url = reverse("themes:disagreements", args=[consultation.pk])
    third = grant(StaffUserFactory(), ANALYST_PERMISSIONS)
    client.force_login(third)
    assert "Only the two analysts or an engagement lead" in client.get(url).content.decode()
    refused = client.post(url, {"checked_item": disputed.pk, "themes": []})
    assert refused.status_code in (302, 403)  # Wagtail sends a refused admin request home
    disputed.refresh_from_db()
    assert disputed.settled_at is None

    client.force_login(lead)
    client.post(url, {"checked_item": disputed.pk, "themes": [themes["waits"].pk]})
    disputed.refresh_from_db()
    assert disputed.settled_by == lead
    assert list(
        Coding.objects.primary()
        .filter(answer_id=disputed.answer_id)
        .values_list("theme", flat=True)
    ) == [themes["waits"].pk]


def test_the_first_coder_may_settle_too(analyst, second_analyst, themes, coded):
    frame = themes["waits"].frame
    item = CheckedItem.objects.order_by("pk").first()
    coding.set_item_themes(frame, item.answer, [themes["parking"].pk], second_analyst, "check")
    item.refresh_from_db()
    assert item.first_coder_ids == [analyst.pk]
    agreement.settle(frame, item, [themes["parking"].pk], analyst)
    item.refresh_from_db()
    assert item.settled_by == analyst
