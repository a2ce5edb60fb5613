"""A fast TF-IDF vectoriser of word-boundary character n-grams and word n-grams.

It does what scikit-learn's ``TfidfVectorizer(analyzer="char_wb")`` plus a word-level one
do, on text already normalised, but looks each word's n-gram indices up once and caches them:
words repeat across messages, so transforming a batch costs a few dictionary look-ups per
word instead of hundreds of string slices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from typing import Any

import numpy as np
import scipy.sparse as sp

_CACHE_SIZE = 300_000


def char_ngrams(word: str, low: int, high: int) -> list[str]:
    """Character n-grams of ``word`` padded with spaces, as ``char_wb`` makes them."""
    padded = f" {word} "
    size = len(padded)
    grams = [padded[i : i + n] for n in range(low, high + 1) for i in range(size - n + 1)]
    return grams or [padded]


def word_ngrams(tokens: Sequence[str], high: int) -> list[str]:
    """Word n-grams from 2 to ``high``, joined by ``_`` so they cannot clash with chars."""
    return ["_".join(tokens[i : i + n]) for n in range(2, high + 1) for i in range(len(tokens) - n + 1)]


class NgramVectorizer:
    """Sublinear TF-IDF over char n-grams (``char_range``) and word n-grams (``word_range``).

    The two blocks are L2-normalised separately and stacked, so neither drowns the other.
    Input documents must already be normalised (space-separated tokens).
    """

    def __init__(
        self,
        char_range: tuple[int, int] = (2, 5),
        word_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        max_features: int | None = 400_000,
    ) -> None:
        self.char_range = char_range
        self.word_range = word_range
        self.min_df = min_df
        self.max_features = max_features

    # -- fitting -----------------------------------------------------------------------
    def fit(self, docs: Sequence[str]) -> NgramVectorizer:
        """Learn both vocabularies and their inverse document frequencies."""
        grams: dict[str, list[str]] = {}
        char_df: Counter[str] = Counter()
        word_df: Counter[str] = Counter()
        for doc in docs:
            tokens = doc.split()
            seen: set[str] = set()
            for token in set(tokens):
                if token not in grams:
                    grams[token] = char_ngrams(token, *self.char_range)
                seen.update(grams[token])
            char_df.update(seen)
            word_df.update(set(self._word_features(tokens)))
        self.char_vocabulary_, self.char_idf_ = self._vocabulary(char_df, len(docs))
        self.word_vocabulary_, self.word_idf_ = self._vocabulary(word_df, len(docs))
        self._cache: dict[str, list[int]] = {}
        return self

    def _vocabulary(self, df: Counter[str], n_docs: int) -> tuple[dict[str, int], np.ndarray]:
        """Keep features seen in ``min_df`` documents (the most frequent ``max_features``)."""
        kept = [(f, c) for f, c in df.items() if c >= self.min_df]
        if self.max_features and len(kept) > self.max_features:
            kept.sort(key=lambda item: (-item[1], item[0]))
            kept = kept[: self.max_features]
        kept.sort()
        vocabulary = {feature: i for i, (feature, _) in enumerate(kept)}
        counts = np.array([c for _, c in kept], dtype=np.float64)
        idf = np.log((1.0 + n_docs) / (1.0 + counts)) + 1.0
        return vocabulary, idf

    def _word_features(self, tokens: Sequence[str]) -> list[str]:
        """Word unigrams (when asked for) and higher word n-grams of one document."""
        low, high = self.word_range
        unigrams = list(tokens) if low <= 1 else []
        return unigrams + word_ngrams(tokens, high) if high >= 2 else unigrams

    # -- transforming ------------------------------------------------------------------
    def _char_indices(self, token: str) -> list[int]:
        """Indices of ``token``'s char n-grams in the vocabulary, cached per token."""
        cached = self._cache.get(token)
        if cached is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            vocabulary = self.char_vocabulary_
            grams = char_ngrams(token, *self.char_range)
            cached = self._cache[token] = [vocabulary[g] for g in grams if g in vocabulary]
        return cached

    def transform(self, docs: Iterable[str]) -> sp.csr_matrix:
        """TF-IDF matrix: char block then word block, each row L2-normalised per block.

        Char n-gram counts are a product (documents x distinct tokens) @ (tokens x n-grams),
        so scipy sums repeated n-grams in C instead of Python sorting them.
        """
        local: dict[str, int] = {}
        doc_rows: list[int] = [0]
        doc_tokens: list[int] = []
        word_rows: list[int] = [0]
        word_idx: list[int] = []
        get_word = self.word_vocabulary_.get
        for doc in docs:
            tokens = doc.split()
            doc_tokens += [local.setdefault(t, len(local)) for t in tokens]
            doc_rows.append(len(doc_tokens))
            word_idx += map(get_word, self._word_features(tokens), repeat(-1))
            word_rows.append(len(word_idx))
        counts = _ones(doc_tokens, doc_rows, len(local)) @ self._token_matrix(local)
        chars = _tfidf(counts, self.char_idf_)
        words = _tfidf(_word_counts(word_idx, word_rows, len(self.word_idf_)), self.word_idf_)
        return sp.hstack([chars, words], format="csr")

    def _token_matrix(self, local: dict[str, int]) -> sp.csr_matrix:
        """One row per distinct token of a batch: its char n-grams, 1 per occurrence."""
        rows = [self._char_indices(token) for token in local]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=indptr[1:])
        flat = list(chain.from_iterable(rows))
        return _ones(flat, indptr, len(self.char_idf_))

    def fit_transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        """Fit, then transform the same documents."""
        return self.fit(docs).transform(docs)

    @property
    def n_features_(self) -> int:
        """Width of the matrices :meth:`transform` returns."""
        return len(self.char_vocabulary_) + len(self.word_vocabulary_)

    def feature_names(self) -> list[str]:
        """Readable name of every column, for explanations."""
        chars = sorted(self.char_vocabulary_, key=self.char_vocabulary_.__getitem__)
        words = sorted(self.word_vocabulary_, key=self.word_vocabulary_.__getitem__)
        return [f"«{c}»" for c in chars] + [f"«{w.replace('_', ' ')}»" for w in words]

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the per-token cache, which is rebuilt on use."""
        state = self.__dict__.copy()
        state["_cache"] = {}
        return state


def _ones(indices: Sequence[int], indptr: Sequence[int] | np.ndarray, width: int) -> sp.csr_matrix:
    """CSR matrix with a 1 at each listed column (repeats allowed, summed by products)."""
    cols = np.asarray(indices, dtype=np.int32)
    data = np.ones(len(cols), dtype=np.float64)
    ptr = np.asarray(indptr, dtype=np.int64)
    return sp.csr_matrix((data, cols, ptr), shape=(len(ptr) - 1, width))


def _word_counts(indices: list[int], indptr: list[int], width: int) -> sp.csr_matrix:
    """Word-feature counts; ``-1`` marks out-of-vocabulary n-grams and is dropped."""
    cols = np.asarray(indices, dtype=np.int64)
    ptr = np.asarray(indptr, dtype=np.int64)
    known = cols >= 0
    rows = np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))[known]
    data = np.ones(int(known.sum()), dtype=np.float64)
    shape = (len(ptr) - 1, width)
    return sp.csr_matrix((data, (rows, cols[known])), shape=shape)


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear TF-IDF from a count matrix, rows L2-normalised."""
    matrix = sp.csr_matrix(counts)
    matrix.eliminate_zeros()
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    matrix.data *= idf[matrix.indices]
    squares = np.add.reduceat(matrix.data**2, matrix.indptr[:-1]) if matrix.nnz else np.zeros(0)
    sizes = np.diff(matrix.indptr)
    norms = np.ones(matrix.shape[0])
    norms[sizes > 0] = np.sqrt(squares[sizes > 0])
    matrix.data /= np.repeat(norms, sizes)
    return matrix
