"""A fast TF-IDF vectoriser of word-boundary character n-grams and word n-grams.

It does what scikit-learn's ``TfidfVectorizer(analyzer="char_wb")`` plus a word-level one
do, on text already normalised, but looks each word's n-gram indices up once and caches them:
words repeat across messages, so transforming a batch costs a few dictionary look-ups per
word instead of hundreds of string slices.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from typing import Any

import numpy as np
import scipy.sparse as sp

from dialogo.triage.ml import polarity
from dialogo.triage.ml.normalize import PLACEHOLDERS, Tokens, tokenize_docs

_CACHE_SIZE = 300_000


def char_ngrams(word: str, low: int, high: int) -> list[str]:
    """Character n-grams of ``word`` padded with spaces, as ``char_wb`` makes them."""
    padded = f" {word} "
    size = len(padded)
    grams = [padded[i : i + n] for n in range(low, high + 1) for i in range(size - n + 1)]
    return grams or [padded]


def word_ngrams(tokens: Sequence[str], high: int) -> list[str]:
    """Word n-grams from 2 to ``high``, joined by ``_`` so they cannot clash with chars."""
    return [
        "_".join(tokens[i : i + n]) for n in range(2, high + 1) for i in range(len(tokens) - n + 1)
    ]


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
        keep: tuple[str, ...] = (),
    ) -> None:
        self.char_range = char_range
        self.word_range = word_range
        self.min_df = min_df
        self.max_features = max_features
        self.keep = keep

    # -- fitting -----------------------------------------------------------------------
    def fit(self, docs: Sequence[str]) -> NgramVectorizer:
        """Learn both vocabularies and their inverse document frequencies."""
        token_lists = [doc.split() for doc in docs]
        word_df: Counter[str] = Counter()
        for tokens in token_lists:
            word_df.update(set(self._word_features(tokens)))
        char_df = self._char_df(token_lists)
        self.char_vocabulary_, self.char_idf_ = self._vocabulary(char_df, len(docs))
        self.word_vocabulary_, self.word_idf_ = self._vocabulary(word_df, len(docs), self.keep)
        # Word n-grams keyed by token tuples: looking a tuple up beats joining a string.
        self.ngram_index_ = {
            tuple(k.split("_")): i for k, i in self.word_vocabulary_.items() if "_" in k
        }
        self._cache: dict[str, list[int]] = {}
        self._index_words()
        return self

    def _index_words(self) -> None:
        """Integer tables for word unigrams and bigrams, so a batch is matched with numpy.

        Every token that is a unigram feature or part of a bigram feature gets an id;
        ``unigram_col_[id]`` is its column (or -1) and a bigram ``(a, b)`` is the sorted
        key ``a * n_tokens + b`` in ``bigram_keys_``, its column in ``bigram_cols_``.
        """
        tokens: dict[str, int] = {}
        for key in self.word_vocabulary_:
            for part in key.split("_"):
                tokens.setdefault(part, len(tokens))
        size = max(len(tokens), 1)
        unigram = np.full(size + 1, -1, dtype=np.int64)  # the last slot: unknown tokens
        keys, cols = [], []
        for key, col in self.word_vocabulary_.items():
            parts = key.split("_")
            if len(parts) == 1:
                unigram[tokens[key]] = col
            elif len(parts) == 2:
                keys.append(tokens[parts[0]] * (size + 1) + tokens[parts[1]])
                cols.append(col)
        order = np.argsort(np.asarray(keys, dtype=np.int64), kind="stable")
        self.token_ids_ = tokens
        self.unigram_col_ = unigram
        self.bigram_keys_ = np.asarray(keys, dtype=np.int64)[order]
        self.bigram_cols_ = np.asarray(cols, dtype=np.int64)[order]

    def _char_df(self, token_lists: list[list[str]]) -> Counter[str]:
        """Document frequency of every char n-gram, via (docs x tokens) @ (tokens x n-grams)."""
        flat = list(chain.from_iterable(token_lists))
        distinct = list(dict.fromkeys(flat))
        local = dict(zip(distinct, range(len(distinct)), strict=True))
        gram_ids: dict[str, int] = {}
        rows = [
            [gram_ids.setdefault(g, len(gram_ids)) for g in char_ngrams(t, *self.char_range)]
            for t in distinct
        ]
        token_ptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(r) for r in rows], out=token_ptr[1:])
        grams = _ones(list(chain.from_iterable(rows)), token_ptr, len(gram_ids))
        doc_ptr = np.zeros(len(token_lists) + 1, dtype=np.int64)
        np.cumsum([len(t) for t in token_lists], out=doc_ptr[1:])
        docs = _ones(list(map(local.__getitem__, flat)), doc_ptr, len(distinct))
        present = sp.csr_matrix(docs @ grams)
        counts = np.bincount(present.indices, minlength=len(gram_ids))
        return Counter(dict(zip(gram_ids, counts.tolist(), strict=True)))

    def _vocabulary(
        self, df: Counter[str], n_docs: int, keep: tuple[str, ...] = ()
    ) -> tuple[dict[str, int], np.ndarray]:
        """Keep features seen in ``min_df`` documents (the most frequent ``max_features``),
        plus every feature of ``keep`` (the lexicon's words, whatever their frequency)."""
        kept = [(f, c) for f, c in df.items() if c >= self.min_df]
        if self.max_features and len(kept) > self.max_features:
            kept.sort(key=lambda item: (-item[1], item[0]))
            kept = kept[: self.max_features]
        present = {f for f, _ in kept}
        kept += [(f, df.get(f, 0)) for f in dict.fromkeys(keep) if f not in present]
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
        """TF-IDF matrix: char block then word block, each row L2-normalised per block."""
        return self.transform_counts(docs)[0]

    def transform_counts(self, docs: Iterable[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """:meth:`transform`, plus the raw word n-gram counts (for lexicon features)."""
        chars, words, word_counts = self.transform_blocks(docs)
        return sp.hstack([chars, words], format="csr"), word_counts

    def transform_blocks(
        self, docs: Iterable[str]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        """Char TF-IDF, word TF-IDF and raw word n-gram counts, as separate matrices.

        The batch is flattened into one token list so that look-ups run in C (``map``);
        char n-gram counts are (documents x tokens) @ (tokens x n-grams).
        """
        return self.transform_coverage(docs)[:3]

    def transform_coverage(
        self, docs: Iterable[str]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, np.ndarray]:
        """:meth:`transform_blocks`, plus each document's share of known word tokens."""
        return self.transform_tokens(tokenize_docs(list(docs)))[:4]

    def transform_tokens(
        self, tokens: Tokens
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix, np.ndarray, np.ndarray]:
        """:meth:`transform_coverage` of a batch given as one flat token list, plus the
        polarity code of every running token (:func:`polarity.codes`).

        Every token the vectoriser has met keeps a row of its char n-gram columns in a
        table (:class:`_TokenTable`): a batch costs one dictionary look-up per running
        token, then sparse products in C.
        """
        table = self._table()
        with table.lock:  # threads of one web process may share the model
            ids = table.ids(tokens.flat)
            matrix = table.matrix()
            word_ids = table.word_ids
            codes = table.codes[ids]
        n_docs = tokens.count
        separator = ids == 0
        doc_of_all = np.cumsum(separator)
        keep = ~separator
        ids, doc_of = ids[keep], doc_of_all[keep]
        sizes = np.bincount(doc_of, minlength=n_docs)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        doc_tokens = _ones(ids, indptr, matrix.shape[0])
        chars = _tfidf(doc_tokens @ matrix, self.char_idf_, copy=False)
        gid = word_ids[ids]
        if self.word_range[1] <= 2:
            word_counts, known = self._word_counts_ids(gid, doc_of, n_docs)
        else:  # longer word n-grams: looked up as token tuples
            word_counts = self._word_counts([t for t in tokens.flat if t != "\n"], indptr)
            known = np.bincount(doc_of[self.unigram_col_[gid] >= 0], minlength=n_docs)
        coverage = known / np.maximum(sizes, 1)
        return chars, _tfidf(word_counts, self.word_idf_), word_counts, coverage, codes

    def _table(self) -> _TokenTable:
        """The per-process table of known tokens, made on first use."""
        table = getattr(self, "_tokens", None)
        if table is None:
            table = self._tokens = _TokenTable(self)
        return table

    def transform_one(self, doc: str) -> tuple[SparseRow, SparseRow, SparseRow]:
        """One document as (indices, values) pairs: char TF-IDF, word TF-IDF, word counts.

        The same figures as :meth:`transform_blocks` without building scipy matrices:
        the fast path for classifying a single message.
        """
        tokens = doc.split()
        chars = _unique(list(chain.from_iterable(map(self._char_indices, tokens))))
        words = _unique([i for i in self._word_ids(tokens) if i >= 0])
        return _weigh(chars, self.char_idf_), _weigh(words, self.word_idf_), words

    def _word_ids(self, tokens: list[str]) -> list[int]:
        """Vocabulary index of every word n-gram of one document (``-1`` if unknown)."""
        low, high = self.word_range
        ids = list(map(self.word_vocabulary_.get, tokens, repeat(-1))) if low <= 1 else []
        for n in range(2, high + 1):
            grams = zip(*(tokens[i:] for i in range(n)), strict=False)
            ids += map(self.ngram_index_.get, grams, repeat(-1))
        return ids

    def _word_token_ids(self, tokens: Iterable[str]) -> np.ndarray:
        """Each token's id in the word tables (the last id for tokens outside them)."""
        size = len(self.unigram_col_) - 1
        return np.fromiter(map(self.token_ids_.get, tokens, repeat(size)), dtype=np.int64)

    def _word_counts_ids(
        self, gid: np.ndarray, doc_of: np.ndarray, n_docs: int
    ) -> tuple[sp.csr_matrix, np.ndarray]:
        """Word unigram and bigram counts from running word-table ids and their documents."""
        size = len(self.unigram_col_) - 1
        uni = self.unigram_col_[gid]
        known = uni >= 0
        known_per_doc = np.bincount(doc_of[known], minlength=n_docs)
        rows, cols = [], []
        if self.word_range[0] <= 1:
            rows.append(doc_of[known])
            cols.append(uni[known])
        if self.word_range[1] >= 2 and len(gid) > 1 and len(self.bigram_keys_):
            pair = gid[:-1] * (size + 1) + gid[1:]
            where = np.searchsorted(self.bigram_keys_, pair)
            where[where >= len(self.bigram_keys_)] = 0
            hit = (self.bigram_keys_[where] == pair) & (doc_of[:-1] == doc_of[1:])
            rows.append(doc_of[:-1][hit])
            cols.append(self.bigram_cols_[where[hit]])
        row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        data = np.ones(len(row), dtype=np.float64)
        counts = sp.csr_matrix((data, (row, col)), shape=(n_docs, len(self.word_idf_)))
        return counts, known_per_doc

    def _word_counts(self, flat: list[str], indptr: np.ndarray) -> sp.csr_matrix:
        """Counts of word n-grams; n-grams spanning two documents are dropped."""
        n_docs = len(indptr) - 1
        doc_of = np.repeat(np.arange(n_docs), np.diff(indptr))
        low, high = self.word_range
        rows, cols = [], []
        for n in range(max(low, 1), high + 1):
            if n == 1:
                found = map(self.word_vocabulary_.get, flat, repeat(-1))
            else:
                grams = zip(*(flat[i:] for i in range(n)), strict=False)
                found = map(self.ngram_index_.get, grams, repeat(-1))
            ids = np.array(list(found), dtype=np.int64)
            keep = ids >= 0
            if n > 1:
                keep &= doc_of[: len(ids)] == doc_of[n - 1 :]
            rows.append(doc_of[: len(ids)][keep])
            cols.append(ids[keep])
        row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        data = np.ones(len(row), dtype=np.float64)
        return sp.csr_matrix((data, (row, col)), shape=(n_docs, len(self.word_idf_)))

    def fit_transform(self, docs: Sequence[str]) -> sp.csr_matrix:
        """Fit, then transform the same documents."""
        return self.fit(docs).transform(docs)

    def fingerprint(self) -> str:
        """A digest of the settings and learned vocabularies: equal vectorisers, equal digest."""
        cached = getattr(self, "_fingerprint", None)
        if cached is None:
            digest = hashlib.sha256(
                repr((self.char_range, self.word_range, self.min_df, self.max_features)).encode()
            )
            for vocabulary, idf in (
                (self.char_vocabulary_, self.char_idf_),
                (self.word_vocabulary_, self.word_idf_),
            ):
                digest.update("\x00".join(vocabulary).encode("utf-8", "surrogatepass"))
                digest.update(np.asarray(list(vocabulary.values()), dtype=np.int64).tobytes())
                digest.update(np.asarray(idf, dtype=np.float64).tobytes())
            cached = self._fingerprint = digest.hexdigest()
        return cached

    @property
    def n_features_(self) -> int:
        """Width of the matrices :meth:`transform` returns."""
        return len(self.char_vocabulary_) + len(self.word_vocabulary_)

    def feature_names(self) -> list[str]:
        """Readable name of every column, for explanations."""
        chars = sorted(self.char_vocabulary_, key=self.char_vocabulary_.__getitem__)
        words = sorted(self.word_vocabulary_, key=self.word_vocabulary_.__getitem__)
        readable = [" ".join(PLACEHOLDERS.get(t, t) for t in w.split("_")) for w in words]
        return [f"«{c.strip()}»" for c in chars] + [f"«{w}»" for w in readable]

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the per-token caches, which are rebuilt on use."""
        state = self.__dict__.copy()
        state["_cache"] = {}
        state.pop("_tokens", None)
        state.pop("_coder", None)
        return state


class _GramCoder:
    """Finds the char n-gram columns of many tokens at once, with numpy.

    Normalised tokens use a small alphabet (``a-z``, ``ñ``, digits, ``?``, ``!``), so every
    padded n-gram of up to ten characters is a base-64 integer: the n-grams of a batch of
    new tokens are computed as rolling codes and looked up by binary search among the
    vocabulary's codes. Tokens with other characters take the plain string path.
    """

    ALPHABET = " abcdefghijklmnopqrstuvwxyzñ0123456789?!"
    _MAP = np.zeros(256, dtype=np.int64)
    _MAP[[ord(c) for c in ALPHABET]] = np.arange(1, len(ALPHABET) + 1)

    @classmethod
    def of(cls, vectorizer: NgramVectorizer) -> _GramCoder:
        """The vectoriser's coder, made on first use and kept beside it."""
        coder = getattr(vectorizer, "_coder", None)
        if coder is None:
            coder = vectorizer._coder = cls(vectorizer)
        return coder

    def __init__(self, vectorizer: NgramVectorizer) -> None:
        self.vectorizer = vectorizer
        self.low, self.high = vectorizer.char_range
        grams = list(vectorizer.char_vocabulary_)
        codes, ok = self._codes(grams)
        columns = np.fromiter(vectorizer.char_vocabulary_.values(), dtype=np.int64)
        order = np.argsort(codes[ok])
        self.codes = codes[ok][order]
        self.targets = columns[ok][order]

    def _chars(self, text: str) -> np.ndarray:
        """Alphabet code of each character of ``text`` (0 outside the alphabet)."""
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return np.where(points < 256, self._MAP[np.minimum(points, 255)], 0)

    def _codes(self, grams: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Integer code of each gram, and whether it could be coded."""
        if not grams:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        chars = self._chars("".join(grams))
        starts = np.zeros(len(grams), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        place = np.arange(len(chars)) - np.repeat(starts, lengths)
        power = np.repeat(lengths, lengths) - 1 - place
        values = chars * np.left_shift(1, 6 * power)
        codes = np.add.reduceat(values, starts) if len(values) else np.zeros(len(grams), np.int64)
        bad = np.bincount(np.repeat(np.arange(len(grams)), lengths), weights=chars == 0)
        ok = (bad == 0) & (lengths <= 10) & (lengths > 0)
        return codes, ok

    def columns(self, tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(token position, column) of every char n-gram of ``tokens`` in the vocabulary."""
        if self.high > 10 or not tokens:
            return self._slow(tokens, range(len(tokens)))
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens)) + 2
        chars = self._chars(" " + "  ".join(tokens) + " ")
        owner = np.repeat(np.arange(len(tokens)), lengths)
        bad = np.bincount(owner, weights=chars == 0, minlength=len(tokens)) > 0
        bad |= lengths < max(self.low, 1)
        end_of = np.repeat(np.cumsum(lengths), lengths)
        position = np.arange(len(chars))
        code = np.zeros(len(chars), dtype=np.int64)
        owners, found = [], []
        for n in range(1, self.high + 1):
            width = len(chars) - n + 1
            if width <= 0:
                break
            code = code[:width] * 64 + chars[n - 1 : n - 1 + width]
            if n < self.low:
                continue
            ok = position[:width] + n <= end_of[:width]
            candidates = code[ok]
            where = np.minimum(np.searchsorted(self.codes, candidates), len(self.codes) - 1)
            hit = self.codes[where] == candidates if len(self.codes) else np.zeros(0, bool)
            owners.append(owner[:width][ok][hit])
            found.append(self.targets[where[hit]])
        owner_all = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
        found_all = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        if bad.any():
            good = ~bad[owner_all]
            slow_owner, slow_found = self._slow(tokens, np.flatnonzero(bad))
            owner_all = np.concatenate([owner_all[good], slow_owner])
            found_all = np.concatenate([found_all[good], slow_found])
        return owner_all, found_all

    def _slow(self, tokens: list[str], which: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`columns` through strings, for the tokens at positions ``which``."""
        vocabulary = self.vectorizer.char_vocabulary_
        owners, found = [], []
        for i in which:
            for gram in char_ngrams(tokens[i], self.low, self.high):
                column = vocabulary.get(gram)
                if column is not None:
                    owners.append(i)
                    found.append(column)
        return np.asarray(owners, dtype=np.int64), np.asarray(found, dtype=np.int64)


class _TokenTable:
    """Tokens met so far, each with a row of its char n-gram columns and its word-table id.

    Row 0 is the message separator ``"\\n"`` (no n-grams). Rows live in growable arrays,
    so adding the new tokens of a batch costs only those tokens; past ``max_size`` tokens the
    table starts again from the batch at hand.
    """

    max_size = 100_000  # tokens (~3M stored columns at most: tens of MB)

    def __init__(self, vectorizer: NgramVectorizer) -> None:
        self.vectorizer = vectorizer
        self.lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.index: dict[str, int] = {"\n": 0}
        self.indptr = np.zeros(1024, dtype=np.int64)
        self.indices = np.zeros(16_384, dtype=np.int32)
        self.word_ids = np.full(1024, len(self.vectorizer.unigram_col_) - 1, dtype=np.int64)
        self.codes = np.zeros(1024, dtype=np.int8)
        self.codes[0] = polarity.SEPARATOR
        self.size = 1
        self._matrix: sp.csr_matrix | None = None

    def ids(self, flat: list[str]) -> np.ndarray:
        """The row of every token of ``flat``, adding the tokens not seen before."""
        ids = np.fromiter(map(self.index.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        if len(ids) and ids.min() < 0:
            new = list(dict.fromkeys(flat[i] for i in np.flatnonzero(ids < 0)))
            if self.size + len(new) > self.max_size:
                self._reset()
                new = list(dict.fromkeys(t for t in flat if t != "\n"))
                self._add(new)
                return np.fromiter(
                    map(self.index.__getitem__, flat), dtype=np.int64, count=len(flat)
                )
            self._add(new)
            missing = np.flatnonzero(ids < 0)
            ids[missing] = [self.index[flat[i]] for i in missing]
        return ids

    def _add(self, tokens: list[str]) -> None:
        """Append rows for ``tokens`` (all new)."""
        vectorizer = self.vectorizer
        owner, found = _GramCoder.of(vectorizer).columns(tokens)
        order = np.argsort(owner, kind="stable")
        lengths = np.bincount(owner, minlength=len(tokens))
        start, end = self.size, self.size + len(tokens)
        base = int(self.indptr[start - 1])
        self._grow(end, base + len(found))
        self.indptr[start:end] = base + np.cumsum(lengths)
        self.indices[base : base + len(found)] = found[order]
        self.word_ids[start:end] = vectorizer._word_token_ids(tokens)
        self.codes[start:end] = polarity.codes(tokens)
        self.index.update(zip(tokens, range(start, end), strict=True))
        self.size = end
        self._matrix = None

    def _grow(self, rows: int, nnz: int) -> None:
        """Make room for ``rows`` rows and ``nnz`` stored columns."""
        if rows > len(self.indptr) - 1:
            size = max(rows + 1, 2 * len(self.indptr))
            self.indptr = np.resize(self.indptr, size)
            filler = len(self.vectorizer.unigram_col_) - 1
            self.word_ids = np.concatenate(
                [self.word_ids, np.full(size - len(self.word_ids), filler, dtype=np.int64)]
            )
            self.codes = np.resize(self.codes, size)
        if nnz > len(self.indices):
            self.indices = np.resize(self.indices, max(nnz, 2 * len(self.indices)))

    def matrix(self) -> sp.csr_matrix:
        """Tokens x char n-grams, 1 per occurrence (a view on the growable arrays)."""
        if self._matrix is None:
            indptr = np.concatenate([[0], self.indptr[: self.size]])
            nnz = int(indptr[-1])
            if len(getattr(self, "_ones", ())) < nnz:
                self._ones = np.ones(max(nnz, 2 * len(getattr(self, "_ones", ()))))
            self._matrix = sp.csr_matrix(
                (self._ones[:nnz], self.indices[:nnz], indptr),
                shape=(self.size, len(self.vectorizer.char_idf_)),
            )
        return self._matrix


SparseRow = tuple[np.ndarray, np.ndarray]


def _unique(indices: list[int]) -> SparseRow:
    """Distinct indices and how often each occurs."""
    if not indices:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    found, counts = np.unique(np.asarray(indices, dtype=np.int64), return_counts=True)
    return found, counts.astype(np.float64)


def _weigh(row: SparseRow, idf: np.ndarray) -> SparseRow:
    """Sublinear TF-IDF of one row of counts, L2-normalised."""
    indices, counts = row
    values = (1.0 + np.log(counts)) * idf[indices]
    norm = float(np.sqrt(values @ values))
    return indices, values / norm if norm else values


def _ones(indices: Sequence[int], indptr: Sequence[int] | np.ndarray, width: int) -> sp.csr_matrix:
    """CSR matrix with a 1 at each listed column (repeats allowed, summed by products)."""
    cols = np.asarray(indices, dtype=np.int32)
    data = np.ones(len(cols), dtype=np.float64)
    ptr = np.asarray(indptr, dtype=np.int64)
    return sp.csr_matrix((data, cols, ptr), shape=(len(ptr) - 1, width))


def _tfidf(counts: sp.csr_matrix, idf: np.ndarray, copy: bool = True) -> sp.csr_matrix:
    """Sublinear TF-IDF from a count matrix, rows L2-normalised (in place if not ``copy``).

    Counts are whole numbers, so ``1 + log(count)`` comes from a table for all but huge ones.
    """
    matrix = sp.csr_matrix(counts, copy=copy)
    matrix.eliminate_zeros()
    data = matrix.data
    if len(data) and data.max() < len(_SUBLINEAR):
        data = _SUBLINEAR.take(data.astype(np.intp))
    else:
        data = np.log(data) + 1.0
    data *= idf.take(matrix.indices)
    matrix.data = data
    sizes = np.diff(matrix.indptr)
    filled = sizes > 0
    norms = np.zeros(matrix.shape[0])
    norms[filled] = np.add.reduceat(data * data, matrix.indptr[:-1][filled])
    np.sqrt(norms, out=norms)
    norms[norms == 0.0] = 1.0
    data /= np.repeat(norms, sizes)
    return matrix


#: ``1 + log(n)`` for the counts ``n`` an n-gram usually has in one message.
_SUBLINEAR = np.concatenate([[0.0], 1.0 + np.log(np.arange(1, 4096, dtype=np.float64))])
