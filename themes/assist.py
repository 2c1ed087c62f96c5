"""Coding assistance that learns from the analyst's own codes.

``predict(examples, texts)`` is the pure function: ``examples`` are ``(text,
theme_name)`` pairs coded by people (a text coded with two themes appears twice),
``texts`` the answers to suggest for. It returns, for each text, ``(theme_name,
confidence)``, or ``(None, confidence)`` when it abstains because it is unsure.

The model is a logistic regression (multinomial, L2) on the sentence embeddings of
``themes.embeddings``, so it reads every language in one space; its probability of
the best theme is the confidence, and below ``threshold`` it abstains. It never
codes anything: the coding screen offers the suggestion to a person.

``Assistant`` is the trained model, for callers that hold vectors already (the coding
screen uses the cached answer vectors and keeps one trained assistant per frame until
its codes change).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Below this probability of the best theme, the assistant abstains (chosen on the
#: development set, bench/themes_quality.py: about 20% abstentions with 5% coded).
THRESHOLD = 0.25
#: Only suggestions at least this sure are "confident": drawn for a person to check and
#: accepted in bulk after that check.
CONFIDENT = 0.6
#: Fewer people's codes than this, or fewer than two themes: no suggestions at all.
MIN_EXAMPLES = 4
#: Inverse regularisation strength of the logistic regression.
C = 10.0


@dataclass
class Assistant:
    classes: list[str]
    model: object | None  # a fitted LogisticRegression, or None for a single theme
    threshold: float = THRESHOLD

    @classmethod
    def train(
        cls,
        vectors: np.ndarray,
        labels: Sequence[str],
        *,
        threshold: float = THRESHOLD,
    ) -> Assistant | None:
        """Fit on people's codes; None when there is too little to learn from."""
        from sklearn.linear_model import LogisticRegression

        labels = list(labels)
        classes = sorted(set(labels))
        if len(labels) < MIN_EXAMPLES or len(classes) < 2:
            return None
        model = LogisticRegression(C=C, max_iter=100, tol=1e-3)
        model.fit(np.asarray(vectors, dtype=np.float32), labels)
        return cls(classes=[str(c) for c in model.classes_], model=model, threshold=threshold)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        if len(vectors) == 0:
            return np.zeros((0, len(self.classes)))
        return self.model.predict_proba(np.asarray(vectors, dtype=np.float32))

    def predict_vectors(self, vectors: np.ndarray) -> list[tuple[str | None, float]]:
        out = []
        for row in self.probabilities(vectors):
            best = int(np.argmax(row))
            confidence = round(float(row[best]), 4)
            out.append((self.classes[best] if confidence >= self.threshold else None, confidence))
        return out

    def ranked(self, vector: np.ndarray, limit: int = 3) -> list[tuple[str, float]]:
        """The ``limit`` likeliest themes for one vector, with their probabilities."""
        row = self.probabilities(np.asarray(vector).reshape(1, -1))[0]
        order = np.argsort(-row)[:limit]
        return [(self.classes[i], round(float(row[i]), 4)) for i in order]


def predict(
    examples: Sequence[tuple[str, str]],
    texts: Sequence[str],
    *,
    threshold: float = THRESHOLD,
    example_vectors: np.ndarray | None = None,
    text_vectors: np.ndarray | None = None,
) -> list[tuple[str | None, float]]:
    """For each text, ``(theme_name or None, confidence)`` learnt from ``examples``.

    Abstains (None) when the best theme's probability is under ``threshold``, and for
    every text when the examples hold fewer than ``MIN_EXAMPLES`` codes or a single
    theme. Vectors may be passed in (rows in the order of ``examples`` / ``texts``) to
    skip encoding.
    """
    texts = list(texts)
    examples = [(text, str(name)) for text, name in examples if name]
    if not texts:
        return []
    if len(examples) < MIN_EXAMPLES or len({name for _t, name in examples}) < 2:
        return [(None, 0.0)] * len(texts)
    if example_vectors is None or text_vectors is None:
        from themes import embeddings

        both = embeddings.encode([t for t, _n in examples] + texts)
        example_vectors, text_vectors = both[: len(examples)], both[len(examples) :]
    assistant = Assistant.train(
        example_vectors, [name for _t, name in examples], threshold=threshold
    )
    if assistant is None:
        return [(None, 0.0)] * len(texts)
    return assistant.predict_vectors(text_vectors)


def majority(examples: Sequence[tuple[str, str]]) -> str | None:
    """The commonest theme in ``examples`` (a baseline for the benchmark)."""
    counts = Counter(name for _t, name in examples)
    return counts.most_common(1)[0][0] if counts else None


# --- for the coding screen -----------------------------------------------------------
_assistants: dict[tuple, Assistant | None] = {}
_lock = threading.Lock()


#: Retrain once the frame's codes grew by this share (or RETRAIN_MIN codes): training
#: takes seconds on a busy 2-core machine, too long for every "Save and next".
RETRAIN_GROWTH = 0.1
RETRAIN_MIN = 5


def frame_assistant(frame) -> Assistant | None:
    """An assistant trained on ``frame``'s confirmed primary codes (answers only), kept
    in this process and retrained when the codes grew by 10% (or five codes), or when
    codes were removed or themes renamed away."""
    from django.db.models import Count, Max

    from themes import embeddings
    from themes.models import Coding

    codings = (
        Coding.objects.primary()
        .filter(theme__frame=frame, answer__isnull=False)
        .exclude(origin=Coding.Origin.SUGGESTED, confirmed_at__isnull=True)
    )
    signature = codings.aggregate(n=Count("pk"), last=Max("pk"))
    count = signature["n"]
    with _lock:
        for (frame_id, model, trained_count, trained_last), kept in _assistants.items():
            if frame_id != frame.pk or model != embeddings.model_name():
                continue
            grown = count - trained_count
            step = max(RETRAIN_MIN, int(RETRAIN_GROWTH * trained_count))
            if (count, signature["last"]) == (trained_count, trained_last) or 0 <= grown < step:
                if kept is not None or grown == 0:
                    return kept
    key = (frame.pk, embeddings.model_name(), count, signature["last"])
    rows = list(codings.values_list("answer_id", "answer__value_text", "theme_id"))
    assistant = None
    if len(rows) >= MIN_EXAMPLES and len({theme for *_x, theme in rows}) >= 2:
        vectors = embeddings.answer_vectors([(pk, text) for pk, text, _theme in rows])
        assistant = Assistant.train(vectors, [str(theme) for *_x, theme in rows])
    with _lock:
        for old in [k for k in _assistants if k[0] == frame.pk]:
            del _assistants[old]
        _assistants[key] = assistant
    return assistant


def _uncoded_answers(frame, question_id: str | None):
    from django.db.models import Exists, OuterRef

    from themes import coding
    from themes.models import Coding

    settled = (
        Coding.objects.primary()
        .filter(answer=OuterRef("pk"))
        .exclude(origin=Coding.Origin.SUGGESTED, confirmed_at__isnull=True)
    )
    return coding.answers_for(frame, question_id or None).exclude(Exists(settled))


def themes_by_id(frame) -> dict:
    return {str(theme.pk): theme for theme in frame.themes.all()}


def suggestions_for(frame, item, *, limit: int = 3) -> list[tuple[object, float]]:
    """[(Theme, probability)] likeliest for one coding-screen item (answers only),
    best first; empty when the assistant has too few codes to learn from."""
    from themes import embeddings

    if item.kind != "answer":
        return []
    assistant = frame_assistant(frame)
    if assistant is None:
        return []
    vector = embeddings.answer_vectors([(item.obj.pk, item.obj.value_text)])[0]
    themes = themes_by_id(frame)
    return [
        (themes[name], probability)
        for name, probability in assistant.ranked(vector, limit)
        if name in themes
    ]


def uncoded_predictions(frame, question_id: str | None = None) -> list[dict]:
    """For each uncoded answer with a cached vector: {"answer", "key", "theme",
    "confidence", "confident"}. Answers still missing a vector are queued for encoding
    and left out until they have one (a request never encodes thousands of answers)."""
    from portal.dispatch import send_after_commit
    from themes import embeddings
    from themes.tasks import embed_answers

    assistant = frame_assistant(frame)
    if assistant is None:
        return []
    ids = list(_uncoded_answers(frame, question_id).order_by("pk").values_list("pk", flat=True))
    vectors = embeddings.cached_vectors(ids)
    missing = [pk for pk in ids if pk not in vectors]
    if missing:
        send_after_commit(embed_answers, missing)
    have = [pk for pk in ids if pk in vectors]
    if not have:
        return []
    themes = themes_by_id(frame)
    rows = []
    matrix = np.vstack([vectors[pk] for pk in have])
    for pk, (name, confidence) in zip(have, assistant.predict_vectors(matrix), strict=True):
        best = assistant.ranked(vectors[pk], 1)[0][0] if name is None else name
        rows.append(
            {
                "answer": pk,
                "key": f"a{pk}",
                "theme": themes.get(best),
                "confidence": confidence,
                "percent": round(100 * confidence),
                "confident": confidence >= CONFIDENT,
            }
        )
    return rows


def least_sure(frame, question_id: str | None = None, *, exclude=(), limit=10) -> list[dict]:
    """ "Code these next": uncoded answers the assistant is least sure of, least first."""
    rows = [r for r in uncoded_predictions(frame, question_id) if r["key"] not in set(exclude)]
    rows.sort(key=lambda r: (r["confidence"], r["answer"]))
    return rows[:limit]


SAMPLE_SIZE = 20


def draw_sample(frame, question_id: str, user, *, size: int = SAMPLE_SIZE, seed=None):
    """A random sample of the confident suggestions, for a person to check."""
    import random

    from themes.models import AssistSample

    confident = [
        r for r in uncoded_predictions(frame, question_id) if r["confident"] and r["theme"]
    ]
    picked = random.Random(seed).sample(confident, min(size, len(confident)))  # noqa: S311
    return AssistSample.objects.create(
        frame=frame,
        question_id=question_id or "",
        threshold=CONFIDENT,
        drawn_by=user,
        size=len(picked),
        items=[
            {
                "answer": r["answer"],
                "theme": r["theme"].pk,
                "confidence": r["confidence"],
                "agreed": None,
            }
            for r in sorted(picked, key=lambda r: r["answer"])
        ],
    )


def record_check(sample, agreed_answer_ids, user) -> None:
    """The person's verdict on each sampled suggestion; the ones they agreed with are
    coded with that theme in their name (manual codes: a person chose them)."""
    from django.db import transaction
    from django.utils import timezone

    from themes import coding
    from themes.models import Theme

    agreed_ids = {int(a) for a in agreed_answer_ids}
    with transaction.atomic():
        for entry in sample.items:
            entry["agreed"] = entry["answer"] in agreed_ids
        sample.agreed = sum(1 for e in sample.items if e["agreed"])
        sample.checked_by = user
        sample.checked_at = timezone.now()
        sample.save(update_fields=["items", "agreed", "checked_by", "checked_at"])
        by_theme: dict[int, list[int]] = {}
        for entry in sample.items:
            if entry["agreed"]:
                by_theme.setdefault(entry["theme"], []).append(entry["answer"])
        for theme in Theme.objects.filter(frame=sample.frame, pk__in=by_theme):
            coding.apply_theme(theme, answer_ids=by_theme[theme.pk], user=user)


def accept_confident(sample, user) -> int:
    """Code every uncoded answer the assistant is confident about with its suggested
    theme, after a person checked ``sample``; returns how many were coded."""
    from django.db import transaction

    from themes import coding

    if sample.checked_at is None:
        raise ValueError("Check a sample of the suggestions first.")
    confident = [
        r
        for r in uncoded_predictions(sample.frame, sample.question_id or None)
        if r["confident"] and r["theme"]
    ]
    by_theme: dict = {}
    for r in confident:
        by_theme.setdefault(r["theme"], []).append(r["answer"])
    total = 0
    with transaction.atomic():
        for theme, answer_ids in by_theme.items():
            total += coding.apply_theme(theme, answer_ids=answer_ids, user=user)
        sample.accepted += total
        sample.save(update_fields=["accepted"])
    return total
