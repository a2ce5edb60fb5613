"""Trained models as arrays and JSON: loading one never runs code.

A stored model is ``MAGIC`` followed by a NumPy ``.npz`` archive read with
``allow_pickle=False``: numeric arrays (coefficients, IDF weights, the lexicon matrix), the
vocabularies as NUL-separated UTF-8 bytes, and one JSON document with the hyperparameters and
the fitted scalars. Models written by older versions with :mod:`pickle` are read only by
:func:`from_legacy_pickle`, which the migration that converts stored rows calls once.
"""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np
import scipy.sparse as sp

MAGIC = b"DIALOGO-TRIAGE-NPZ\n"
LEGACY_MAGIC = b"DIALOGO-TRIAGE\n"
#: Hyperparameters stored as JSON (tuples come back as lists and are turned back).
_PARAMS = (
    "char_range",
    "word_range",
    "min_df",
    "max_features",
    "loss",
    "C",
    "class_weight",
    "lexicon_weight",
    "polarity_weight",
    "tune_bias",
    "random_state",
    "inner_folds",
)
_SCALARS = ("C_", "class_weight_", "sharpen_", "temperature_", "n_train_", "version_")


def _strings(values: list[str]) -> np.ndarray:
    return np.frombuffer("\x00".join(values).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _unstrings(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode("utf-8", "surrogatepass")
    return text.split("\x00") if text else []


def _ordered(vocabulary: dict[str, int]) -> list[str]:
    terms = sorted(vocabulary, key=vocabulary.__getitem__)
    if [vocabulary[t] for t in terms] != list(range(len(terms))):
        raise ValueError("vocabulary columns are not 0..n-1")
    return terms


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    return value


def dumps(model: Any, version: str) -> bytes:
    """The bytes of a fitted :class:`~dialogo.triage.ml.model.TextClassifier`."""
    vectorizer = model.vectorizer_
    groups = sp.csr_matrix(model.groups_)
    meta = {
        "version": version,
        "params": {name: _jsonable(getattr(model, name)) for name in _PARAMS},
        "fitted": {
            name: _jsonable(getattr(model, name)) for name in _SCALARS if hasattr(model, name)
        },
        "classes": [str(c) for c in model.classes_],
        "keep": list(vectorizer.keep),
        "groups_shape": list(groups.shape),
    }
    arrays = {
        "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
        "char_terms": _strings(_ordered(vectorizer.char_vocabulary_)),
        "word_terms": _strings(_ordered(vectorizer.word_vocabulary_)),
        "char_idf": np.asarray(vectorizer.char_idf_, dtype=np.float64),
        "word_idf": np.asarray(vectorizer.word_idf_, dtype=np.float64),
        "coef": np.asarray(model.estimator_.coef_, dtype=np.float64),
        "intercept": np.asarray(model.estimator_.intercept_, dtype=np.float64),
        "offsets": np.asarray(model.offsets_, dtype=np.float64),
        "groups_data": groups.data.astype(np.float64),
        "groups_indices": groups.indices.astype(np.int64),
        "groups_indptr": groups.indptr.astype(np.int64),
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return MAGIC + buffer.getvalue()


def loads(data: bytes, cls: type, version: str) -> Any:
    """A model from :func:`dumps` bytes; ``ValueError`` for anything else."""
    from dialogo.triage.ml.features import NgramVectorizer
    from dialogo.triage.ml.model import Linear

    if not data.startswith(MAGIC):
        if data.startswith(LEGACY_MAGIC):
            raise ValueError("a pickled model of an older version: run the migrations")
        raise ValueError("not a Diálogo triage model")
    try:
        with np.load(io.BytesIO(data[len(MAGIC) :]), allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        meta = json.loads(arrays["meta"].tobytes().decode())
    except (OSError, KeyError, ValueError) as exc:
        raise ValueError(f"unreadable triage model: {exc}") from exc
    if meta.get("version") != version:
        raise ValueError(f"model version {meta.get('version')!r}, expected {version!r}")
    params = {k: tuple(v) if isinstance(v, list) else v for k, v in meta["params"].items()}
    model = cls(**params)
    for name, value in meta["fitted"].items():
        setattr(model, name, tuple(value) if isinstance(value, list) else value)
    vectorizer = NgramVectorizer(
        model.char_range, model.word_range, model.min_df, model.max_features, tuple(meta["keep"])
    )
    vectorizer.char_vocabulary_ = {t: i for i, t in enumerate(_unstrings(arrays["char_terms"]))}
    vectorizer.word_vocabulary_ = {t: i for i, t in enumerate(_unstrings(arrays["word_terms"]))}
    vectorizer.char_idf_ = arrays["char_idf"]
    vectorizer.word_idf_ = arrays["word_idf"]
    vectorizer.ngram_index_ = {
        tuple(k.split("_")): i for k, i in vectorizer.word_vocabulary_.items() if "_" in k
    }
    vectorizer._cache = {}
    vectorizer._index_words()
    model.vectorizer_ = vectorizer
    model.groups_ = sp.csr_matrix(
        (arrays["groups_data"], arrays["groups_indices"], arrays["groups_indptr"]),
        shape=tuple(meta["groups_shape"]),
    )
    classes = np.asarray(meta["classes"], dtype=object)
    model.estimator_ = Linear(arrays["coef"], arrays["intercept"], classes)
    model.classes_ = classes
    model.offsets_ = arrays["offsets"]
    return model


def from_legacy_pickle(data: bytes) -> Any:
    """A model written with :mod:`pickle` by version ``triage-ml-4`` or earlier.

    Unpickling runs code: called only by the migration that converts the rows this
    software wrote itself, once; nothing else reads pickles.
    """
    import pickle

    if not data.startswith(LEGACY_MAGIC):
        raise ValueError("not a pickled Diálogo triage model")
    payload = pickle.loads(data[len(LEGACY_MAGIC) :])  # noqa: S301 - our own rows, once
    return payload["model"]
