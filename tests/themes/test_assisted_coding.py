"""The coding screen's assistant: a suggestion with its confidence after a few codes (never
applied by itself), "code these next" least sure first, and accepting the confident
suggestions in bulk only after a person checked a sample. Plain forms: no JavaScript."""

import numpy as np
import pytest
from django.urls import reverse

from themes import assist, coding, embeddings
from themes.models import AssistSample, Coding, ThemeFrame

WORDS = {"wait": 0, "park": 1, "bus": 1, "rude": 2}


def fake_encode(texts, **kwargs):
    """Vectors by keyword, so these tests need no model and run fast."""
    rows = []
    for text in texts:
        vector = np.full(4, 0.05, dtype=np.float32)
        for word, axis in WORDS.items():
            if word in text.lower():
                vector[axis] += 1
        vector[3] += (sum(map(ord, text)) % 7) / 50  # a little spread between answers
        rows.append(vector / np.linalg.norm(vector))
    return np.vstack(rows) if rows else np.zeros((0, 4), np.float32)


@pytest.fixture(autouse=True)
def keyword_vectors(monkeypatch):
    monkeypatch.setattr(embeddings, "encode", fake_encode)
    assist._assistants.clear()


@pytest.fixture
def coded(analyst, consultation, themes, answer):
    """Six answers coded by a person: three waiting, three transport."""
    frame = ThemeFrame.for_page(consultation)
    texts = {
        "waits": ["I wait for weeks", "The wait was long", "Long wait on the phone"],
        "transport": ["No bus to the clinic", "Nowhere to park", "Parking is full"],
    }
    for theme, items in texts.items():
        for text in items:
            coding.set_item_themes(frame, answer(text), [themes[theme].pk], analyst)
    return frame


def code_url(consultation, **params):
    from django.utils.http import urlencode

    return reverse("themes:code", args=[consultation.pk]) + "?" + urlencode(params)


def test_after_a_few_codes_the_screen_offers_a_theme_with_its_confidence_unticked(
    client, analyst, consultation, themes, answer, coded
):
    new = answer("Such a long wait again")
    client.force_login(analyst)
    html = client.get(code_url(consultation, item=f"a{new.pk}")).content.decode()
    assert 'id="assistant-suggestion"' in html
    assert "Waiting times:" in html and "% sure" in html
    assert f'value="{themes["waits"].pk}" id="theme-{themes["waits"].pk}" checked' not in html
    assert not Coding.objects.filter(answer=new).exists()  # offered, never applied


def test_with_too_few_codes_the_screen_falls_back_to_nearest_themes(
    client, analyst, consultation, themes, answer
):
    new = answer("Such a long wait again")
    client.force_login(analyst)
    html = client.get(code_url(consultation, item=f"a{new.pk}")).content.decode()
    assert 'id="assistant-suggestion"' not in html


def test_code_these_next_puts_the_answer_the_assistant_is_least_sure_of_first(
    client, analyst, consultation, themes, answer, coded
):
    sure = answer("Another wait")
    unsure = answer("The wait for the bus")  # half waiting, half transport
    embeddings.embed_answers([sure.pk, unsure.pk])
    client.force_login(analyst)
    page = client.get(code_url(consultation, order="uncertain"))
    assert f'name="item" value="a{unsure.pk}"' in page.content.decode()
    # Saving goes on to the next least sure, keeping the order.
    response = client.post(
        reverse("themes:code", args=[consultation.pk]),
        {"item": f"a{unsure.pk}", "themes": [themes["waits"].pk], "order": "uncertain"},
    )
    assert f"item=a{sure.pk}" in response["Location"] and "order=uncertain" in response["Location"]


def test_bulk_accept_comes_only_after_a_person_checked_a_sample_with_its_agreement_shown(
    client, analyst, consultation, themes, answer, coded
):
    new = [answer(text) for text in ["A wait of hours", "Wait too long", "Bus never came"]]
    embeddings.embed_answers([a.pk for a in new])
    client.force_login(analyst)
    url = reverse("themes:assist", args=[consultation.pk])

    page = client.get(url).content.decode()
    assert 'value="accept"' not in page and "Offered once a person has checked a sample" in page
    refused = client.post(url, {"action": "accept"}, follow=True)
    assert "Check a sample of the suggestions first" in refused.content.decode()
    assert not Coding.objects.filter(answer__in=new).exists()

    client.post(url, {"action": "draw"})
    sample = AssistSample.objects.get()
    assert sample.size == 3 and sample.checked_at is None
    agreed = [e["answer"] for e in sample.items][:2]
    client.post(url, {"action": "check", "agreed": agreed})
    sample.refresh_from_db()
    assert sample.agreed == 2 and sample.checked_by == analyst
    # The two the person agreed with are coded in their name; the third is not.
    assert Coding.objects.filter(answer__in=new, coder=analyst).count() == 2
    page = client.get(url).content.decode()
    assert "You agreed with 2 of 3 sampled suggestions (67%)" in page
    assert 'value="accept"' in page

    client.post(url, {"action": "accept"})
    coded_themes = {c.answer_id: c.theme_id for c in Coding.objects.filter(answer__in=new)}
    assert coded_themes == {
        new[0].pk: themes["waits"].pk,
        new[1].pk: themes["waits"].pk,
        new[2].pk: themes["transport"].pk,
    }


def test_the_assistant_page_needs_permission_to_code(client, staff_user, consultation):
    client.force_login(staff_user)
    url = reverse("themes:assist", args=[consultation.pk])
    assert client.get(url).status_code == 302  # Wagtail sends them back to the dashboard
    client.post(url, {"action": "draw"})
    assert not AssistSample.objects.exists()


def test_a_coding_screen_suggestion_takes_under_100_ms_once_trained(
    analyst, consultation, themes, answer, coded
):
    import time

    item = coding.load_item(coded, f"a{answer('Yet another wait').pk}")
    assist.suggestions_for(coded, item)  # trains and caches vectors
    started = time.perf_counter()
    assert assist.suggestions_for(coded, item)[0][0] == themes["waits"]
    assert time.perf_counter() - started < 0.5  # generous: a shared, busy test machine


def test_the_assistant_is_retrained_once_the_codes_grew_not_on_every_save(
    analyst, consultation, themes, answer, coded
):
    first = assist.frame_assistant(coded)
    coding.set_item_themes(coded, answer("A wait again"), [themes["waits"].pk], analyst)
    assert assist.frame_assistant(coded) is first  # one more code: the same model
    for text in ["wait", "waiting", "long wait", "wait more", "so much wait"]:
        coding.set_item_themes(coded, answer(text), [themes["waits"].pk], analyst)
    assert assist.frame_assistant(coded) is not first
