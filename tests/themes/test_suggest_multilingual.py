"""Suggested themes over the multilingual vectors: by meaning across languages, "nothing"
answers apart, readable names, typical answers per language, distinctness, existing
themes first."""

import numpy as np
import pytest

from themes import embeddings, suggest
from themes.models import SuggestedTheme, SuggestionRun

# Written by us for this test (not real responses): three complaints, three languages.
COMPLAINTS = {
    "waiting": {
        "en": ["I waited three weeks for an appointment", "The waiting list is months long"],
        "pl": ["Czekałem trzy tygodnie na wizytę", "Lista oczekujących jest na wiele miesięcy"],
        "ar": ["انتظرت ثلاثة أسابيع للحصول على موعد", "قائمة الانتظار تمتد لأشهر"],
    },
    "rude": {
        "en": ["The receptionist was rude to me", "Staff at the desk were unfriendly"],
        "pl": [
            "Recepcjonistka była dla mnie niegrzeczna",
            "Personel w rejestracji był nieprzyjemny",
        ],
        "ar": ["كانت موظفة الاستقبال وقحة معي", "كان الموظفون في الاستقبال غير ودودين"],
    },
    "parking": {
        "en": [
            "There is nowhere to park at the hospital",
            "The hospital car park is too expensive",
        ],
        "pl": ["Przy szpitalu nie ma gdzie zaparkować", "Parking przy szpitalu jest za drogi"],
        "ar": ["لا يوجد مكان لركن السيارة عند المستشفى", "موقف سيارات المستشفى مكلف جداً"],
    },
}


def complaints():
    texts, meanings, languages = [], [], []
    for meaning, by_language in COMPLAINTS.items():
        for language, items in by_language.items():
            for text in items:
                texts.append(text)
                meanings.append(meaning)
                languages.append(language)
    return texts, meanings, languages


@pytest.fixture(scope="module")
def complaint_vectors():
    texts, _m, _l = complaints()
    return embeddings.encode(texts)


def test_the_same_complaints_in_english_polish_and_arabic_land_together(complaint_vectors):
    from sklearn.metrics import adjusted_rand_score

    texts, meanings, languages = complaints()
    result = suggest.suggest(
        texts, vectors=complaint_vectors, languages=languages, source_language="en"
    )
    labels = np.zeros(len(texts), dtype=int)
    for number, cluster in enumerate(result.clusters):
        labels[cluster.members] = number
    assert adjusted_rand_score(meanings, labels) >= 0.6
    assert adjusted_rand_score(languages, labels) <= 0.2
    # Each theme shows its most typical answer in each language it has.
    biggest = result.clusters[0]
    assert len(biggest.typical_by_language) >= 2
    assert all(languages[i] == lang for lang, i in biggest.typical_by_language.items())
    # Named by a short phrase in the source language, not a bag of words.
    for cluster in result.clusters:
        assert cluster.name and len(cluster.name.split()) <= 8
        assert cluster.distinctness is not None and -1 <= cluster.distinctness <= 1


def test_answers_that_say_nothing_are_one_group_apart_named_by_the_commonest():
    texts = ["Nothing", "nothing.", "No", "N/A", "Nic", "لا شيء"] + [
        "Parking is too expensive",
        "The car park is always full",
        "Nowhere to park",
        "I waited weeks for a GP",
        "The wait for an appointment is too long",
        "Waiting times are terrible",
    ]
    vectors = np.eye(12, 8, dtype=np.float32)[[0] * 6 + [1, 1, 1, 2, 2, 2]] + 0.01
    result = suggest.suggest(texts, vectors=vectors)
    nothing = [c for c in result.clusters if c.nothing]
    assert len(nothing) == 1 and sorted(nothing[0].members) == [0, 1, 2, 3, 4, 5]
    assert nothing[0].name == "Nothing"
    assert result.clusters[-1].nothing  # listed after the real themes
    assert suggest.is_nothing_answer("Nothing springs to mind.")
    assert not suggest.is_nothing_answer("Nothing was explained to me")


def test_answers_go_to_the_frames_existing_themes_first():
    rng = np.random.default_rng(0)
    axes = np.eye(6, dtype=np.float32)

    def around(axis, count):
        return axes[axis] + rng.normal(0, 0.05, (count, 6)).astype(np.float32)

    coded = np.vstack([around(0, 5), around(1, 5)])
    names = ["Waiting"] * 5 + ["Parking"] * 5
    vectors = np.vstack([around(0, 4), around(2, 4), around(3, 4)])
    texts = [f"answer {i}" for i in range(12)]
    result = suggest.suggest(texts, vectors=vectors, existing=(coded, names))
    existing = [c for c in result.clusters if c.from_frame]
    assert [c.name for c in existing] == ["Waiting"] and sorted(existing[0].members) == [0, 1, 2, 3]
    new = [c for c in result.clusters if not c.from_frame]
    assert all(set(c.members) <= set(range(4, 12)) for c in new) and len(new) >= 2


def test_a_stored_run_uses_the_cached_vectors_and_keeps_languages(
    analyst, frame, consultation, answer, monkeypatch
):
    from tests.themes.conftest import why

    texts, _m, languages = complaints()
    vectors = dict(zip(texts, embeddings.encode(texts), strict=True))
    for text, language in zip(texts, languages, strict=True):
        answer(text, language=language)
    monkeypatch.setattr(
        embeddings, "encode", lambda batch, **kw: np.vstack([vectors[t] for t in batch])
    )
    run = SuggestionRun.objects.create(frame=frame, question_id=why(consultation))
    suggest.run_suggestions(run.pk)
    run.refresh_from_db()
    assert run.status == "done" and run.method == "embeddings"
    stored = list(SuggestedTheme.objects.filter(run=run))
    assert sum(s.size for s in stored) == len(texts)
    assert any(len(s.typical_by_language) >= 2 for s in stored)
    assert all(s.distinctness is not None for s in stored)

    def refuse(batch, **kw):
        raise AssertionError("re-encoded")

    monkeypatch.setattr(embeddings, "encode", refuse)
    again = SuggestionRun.objects.create(frame=frame, question_id=why(consultation))
    suggest.run_suggestions(again.pk)  # vectors come from the cache
    assert SuggestionRun.objects.get(pk=again.pk).status == "done"
