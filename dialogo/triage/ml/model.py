"""The triage text classifier: n-gram TF-IDF + lexicon features + a linear model.

Shaped like a scikit-learn estimator: ``__init__`` stores hyperparameters only, ``fit``
returns ``self``, learned attributes end in ``_``. Labels are arbitrary strings.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from dialogo.triage.ml import lexicon, polarity, storage
from dialogo.triage.ml.features import NgramVectorizer, char_ngrams
from dialogo.triage.ml.normalize import (
    PLACEHOLDERS,
    Tokens,
    normalize,
    normalize_many,
    tokenize_docs,
    tokenize_many,
)

#: Bumped whenever features or the serialised layout change; stored models carry it.
MODEL_VERSION = "triage-ml-5"
#: The version whose models were stored with pickle; the migration converts them.
PICKLED_VERSION = "triage-ml-4"


class TextClassifier:
    """Classify short social-media Spanish messages into any set of string labels.

    ``loss`` is ``"logistic"`` (multinomial logistic regression) or ``"hinge"`` (linear
    SVM whose scores pass through a softmax). With ``tune_bias`` the per-class offsets
    that maximise macro-F1 are learned from out-of-fold scores on the training data only;
    ``tune_bias="auto"`` keeps them only when they raise the cross-fitted out-of-fold
    macro-F1 (offsets tuned on some inner folds, scored on another).

    ``C`` and ``class_weight`` may also be tuples of candidates: ``fit`` then picks the
    pair with the best out-of-fold macro-F1 by ``inner_folds``-fold cross-validation on
    the training data only (the chosen values are kept in ``C_`` and ``class_weight_``).
    """

    def __init__(
        self,
        char_range: tuple[int, int] = (2, 5),
        word_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        max_features: int | None = 400_000,
        loss: str = "logistic",
        C: float = 4.0,
        class_weight: str | None = "balanced",
        lexicon_weight: float = 0.5,
        polarity_weight: float = 1.0,
        tune_bias: bool | str = False,
        random_state: int = 0,
        inner_folds: int = 3,
    ) -> None:
        self.char_range = char_range
        self.word_range = word_range
        self.min_df = min_df
        self.max_features = max_features
        self.loss = loss
        self.C = C
        self.class_weight = class_weight
        self.lexicon_weight = lexicon_weight
        self.polarity_weight = polarity_weight
        self.tune_bias = tune_bias
        self.random_state = random_state
        self.inner_folds = inner_folds

    # -- fitting -----------------------------------------------------------------------
    def fit(
        self,
        texts: Sequence[object],
        labels: Sequence[object],
        sample_weight: Sequence[float] | None = None,
    ) -> TextClassifier:
        """Learn from ``texts`` and their ``labels``; raises ``ValueError`` on unusable data.

        ``sample_weight`` makes some examples count more (an organization's corrections
        beside the shipped corpus)."""
        y = _check_labels(texts, labels)
        self._weights = None if sample_weight is None else np.asarray(sample_weight, float)
        norms = normalize_many(texts)
        keep = lexicon.PHRASES if self.lexicon_weight else ()
        self.vectorizer_ = NgramVectorizer(
            self.char_range, self.word_range, self.min_df, self.max_features, keep
        ).fit(norms)
        self.groups_ = sp.csr_matrix(lexicon.group_matrix(self.vectorizer_.word_vocabulary_))
        features = self._features(norms)
        self.C_, self.class_weight_, self.offsets_, factor = self._select(features, y)
        if self.loss == "hinge":
            self.sharpen_ = factor
        else:
            self.temperature_ = factor
        self.estimator_ = Linear.of(
            self._make_estimator().fit(features, y, sample_weight=self._weights)
        )
        del self._weights
        self.classes_ = np.asarray(self.estimator_.classes_)
        self.version_ = MODEL_VERSION
        self.n_train_ = len(y)
        return self

    def _candidates(self) -> list[tuple[float, str | None]]:
        """Every (C, class_weight) pair to try; one pair when neither is a tuple."""
        cs = self.C if isinstance(self.C, (tuple, list)) else (self.C,)
        weights = self.class_weight
        if not isinstance(weights, (tuple, list)):
            weights = (weights,)
        return [(float(c), w) for c in cs for w in weights]

    def _make_estimator(self, C: float | None = None, class_weight: str | None = "unset") -> Any:
        """A fresh, unfitted scikit-learn linear model for the chosen loss and C/weights.

        scikit-learn is imported here only: a process that only classifies never loads it
        (about 70 MB), since the fitted model keeps plain arrays (:class:`Linear`).
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import LinearSVC

        C = getattr(self, "C_", self.C) if C is None else C
        if class_weight == "unset":
            class_weight = getattr(self, "class_weight_", self.class_weight)
        if self.loss == "hinge":
            return LinearSVC(C=C, class_weight=class_weight, random_state=self.random_state)
        if self.loss != "logistic":
            raise ValueError(f"loss must be 'logistic' or 'hinge', not {self.loss!r}")
        return LogisticRegression(
            C=C, class_weight=class_weight, max_iter=3000, random_state=self.random_state
        )

    def _select(
        self, features: sp.csr_matrix, y: np.ndarray
    ) -> tuple[float, str | None, np.ndarray, float]:
        """Choose C, class weights and per-class offsets from inner folds of the training data,
        and for an SVM the factor its margins are multiplied by before the softmax.

        A logistic model with one candidate and no offset tuning fits nothing extra.
        """
        candidates = self._candidates()
        classes = np.unique(y)
        zeros = np.zeros(len(classes))
        folds = usable_folds(y, self.inner_folds)
        if folds < 2:
            return (*candidates[0], zeros, SHARPEN if self.loss == "hinge" else 1.0)
        parts = stratified_folds(y, folds, self.random_state)
        target = np.searchsorted(classes, y)
        best: tuple[float, float, str | None, np.ndarray, np.ndarray] | None = None
        for C, weight in candidates:
            scores = np.zeros((len(y), len(classes)))
            for train, test in parts:
                weights = None if self._weights is None else self._weights[train]
                estimator = self._make_estimator(C, weight).fit(
                    features[train], y[train], sample_weight=weights
                )
                # A label too rare to be in every training fold gets no score there.
                scores[test] = _MISSING
                present = np.searchsorted(classes, estimator.classes_)
                scores[np.ix_(test, present)] = _scores(estimator, features[test])
            quality, offsets = _macro_f1(target, np.argmax(scores, axis=1), len(classes)), zeros
            if self.tune_bias:
                # Labels missing from some training folds keep offset 0: tuning theirs
                # learns the folds, not the label.
                tunable = np.bincount(target, minlength=len(classes)) >= folds
                tuned = _cross_fitted_f1(scores, target, parts, tunable)
                if self.tune_bias != "auto" or tuned > quality:
                    quality, offsets = tuned, tune_offsets(scores, target, tunable=tunable)
            if best is None or quality > best[0] + 1e-9:
                best = (quality, C, weight, offsets, scores)
        assert best is not None
        # The factor on the scores whose softmax best predicts held-out labels: an SVM's
        # margins become probabilities, a logistic model's (balanced weights skew them) are
        # tempered. Chosen on the inner folds, so the reliability measured on outer folds
        # is honest.
        return (
            best[1],
            best[2],
            best[3],
            fit_sharpen(best[4] + best[3], np.searchsorted(classes, y)),
        )

    # -- features ----------------------------------------------------------------------
    def _blocks(self, norms: Sequence[str]) -> list[sp.csr_matrix]:
        """Feature blocks: char TF-IDF, word TF-IDF, lexicon group counts (log, weighted),
        polarity cues (:mod:`polarity`, weighted)."""
        return self._blocks_coverage(norms)[0]

    def _blocks_coverage(
        self, norms: Sequence[str] | Tokens, unit: bool = False
    ) -> tuple[list[sp.csr_matrix], np.ndarray]:
        """:meth:`_blocks`, plus the share of each message's tokens the model knows.

        With ``unit`` the lexicon and polarity blocks are left unweighted (see
        :meth:`_block_scales`), so models that differ only in those weights can share them.
        """
        tokens = norms if isinstance(norms, Tokens) else tokenize_docs(list(norms))
        chars, words, word_counts, coverage, codes = self.vectorizer_.transform_tokens(tokens)
        blocks = [chars, words]
        if self.lexicon_weight:
            counts = sp.csr_matrix(word_counts @ self.groups_)
            counts.data = np.log1p(counts.data) * (1.0 if unit else self.lexicon_weight)
            blocks.append(counts)
        if self.polarity_weight:
            cues = polarity.features(tokens.flat, tokens.count, codes)
            blocks.append(sp.csr_matrix(cues if unit else cues * self.polarity_weight))
        return blocks, coverage

    def _block_scales(self) -> list[float]:
        """The weight of each feature block: what unit blocks are multiplied by."""
        scales = [1.0, 1.0]
        if self.lexicon_weight:
            scales.append(float(self.lexicon_weight))
        if self.polarity_weight:
            scales.append(float(self.polarity_weight))
        return scales

    def _features(self, norms: Sequence[str]) -> sp.csr_matrix:
        """All feature blocks side by side: the matrix the linear model is fitted on."""
        return sp.hstack(self._blocks(norms), format="csr")

    def _fast_scores(self, tokens: Tokens) -> np.ndarray:
        """Per-class scores block by block, sparing the copy that stacking would make."""
        return self._scores_coverage(tokens)[0]

    def _scores_coverage(
        self, tokens: Tokens, blocks: tuple[list[sp.csr_matrix], np.ndarray] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_fast_scores` and :meth:`coverage` from one pass over the batch.

        ``blocks`` (unit blocks from :meth:`_blocks_coverage`) may be given when another
        model with the same vectoriser already computed them for this batch.
        """
        coef = np.asarray(self.estimator_.coef_)
        raw = np.tile(np.asarray(self.estimator_.intercept_, dtype=np.float64), (tokens.count, 1))
        if tokens.count == 1 and blocks is None:
            norms = tokens.docs()
            raw[0] += self._one_score(norms[0], coef)
            coverage = self.coverage(norms)
        else:
            matrices, coverage = blocks or self._blocks_coverage(tokens, unit=True)
            columns = self._coef_blocks(coef, [b.shape[1] for b in matrices])
            for block, weights, scale in zip(matrices, columns, self._block_scales(), strict=True):
                raw += (block @ weights) * scale if scale != 1.0 else block @ weights
        scores = np.column_stack([-raw[:, 0] / 2, raw[:, 0] / 2]) if coef.shape[0] == 1 else raw
        return scores, coverage

    def _coef_blocks(self, coef: np.ndarray, widths: list[int]) -> list[np.ndarray]:
        """The coefficients split per feature block, transposed and contiguous, kept."""
        cached = getattr(self, "_coef_cache", None)
        if cached is None or cached[0] is not coef:
            bounds = np.cumsum(widths)[:-1]
            parts = [np.ascontiguousarray(p.T) for p in np.split(coef, bounds, axis=1)]
            cached = self._coef_cache = (coef, parts)
        return cached[1]

    def _one_score(self, norm: str, coef: np.ndarray) -> np.ndarray:
        """Scores of one message from (index, value) pairs: no sparse matrix is built."""
        (chars, char_w), (words, word_w), (_, counts) = self.vectorizer_.transform_one(norm)
        n_chars = len(self.vectorizer_.char_idf_)
        score = coef[:, chars] @ char_w + coef[:, n_chars + words] @ word_w
        start = self.vectorizer_.n_features_
        if self.lexicon_weight:
            groups = np.asarray(self.groups_[words].T @ counts).ravel()
            end = start + self.groups_.shape[1]
            score += coef[:, start:end] @ (np.log1p(groups) * self.lexicon_weight)
            start = end
        if self.polarity_weight:
            cues = polarity.features(norm.split(), 1)[0] * self.polarity_weight
            score += coef[:, start:] @ cues
        return score

    def transform(self, texts: Iterable[object]) -> sp.csr_matrix:
        """The feature matrix the linear model sees, for ``texts``."""
        return self._features(normalize_many(texts))

    # -- predicting --------------------------------------------------------------------
    def decision_function(self, texts: Iterable[object]) -> np.ndarray:
        """Raw per-class scores (offsets included), shape ``(n, n_classes)``."""
        return self._fast_scores(tokenize_many(texts)) + self.offsets_

    def predict_proba(self, texts: Iterable[object]) -> np.ndarray:
        """Class probabilities, columns in :attr:`classes_` order.

        Shrunk towards uniform by the share of the message's words the model knows, so
        empty, emoji-only or foreign-language text gets a label with low confidence.
        """
        return self._proba(*self._scores_coverage(tokenize_many(texts)))

    def _proba(self, scores: np.ndarray, coverage: np.ndarray) -> np.ndarray:
        """Probabilities from raw scores and coverage (see :meth:`predict_proba`)."""
        scores = scores + self.offsets_
        if self.loss == "hinge":
            # SVM margins are no probabilities: scaled by a factor fitted on inner folds.
            scores = scores * getattr(self, "sharpen_", SHARPEN)
        else:
            scores = scores * getattr(self, "temperature_", 1.0)
        known = coverage[:, None]
        return known * _softmax(scores) + (1.0 - known) / len(self.classes_)

    def coverage(self, norms: Sequence[str]) -> np.ndarray:
        """Share of each normalised message's tokens found in the word vocabulary."""
        vocabulary = self.vectorizer_.word_vocabulary_
        out = np.zeros(len(norms))
        for i, doc in enumerate(norms):
            tokens = doc.split()
            if tokens:
                out[i] = sum(map(vocabulary.__contains__, tokens)) / len(tokens)
        return out

    def predict(self, texts: Iterable[object]) -> np.ndarray:
        """The most likely label of each text."""
        return self.classes_[np.argmax(self.decision_function(texts), axis=1)]

    def score_of(self, texts: Iterable[object], label: str) -> np.ndarray:
        """Probability of one label (e.g. the offensive score, ``label="ofensivo"``)."""
        column = int(np.flatnonzero(self.classes_ == label)[0]) if label in self.classes_ else -1
        if column < 0:
            raise ValueError(f"unknown label {label!r}; known: {', '.join(self.classes_)}")
        return self.predict_proba(texts)[:, column]

    # -- explaining --------------------------------------------------------------------
    def explain(
        self, text: object, meta: Mapping[str, Any] | None = None, top: int = 3
    ) -> list[str]:
        """Reasons in Spanish: lexicon hits, then the n-grams that pushed the label most."""
        norm = normalize(text)
        reasons = list(dict.fromkeys(h.reason for h in lexicon.scan(text, meta, norm=norm)))
        row = self._features([norm])
        label = int(np.argmax(_scores(self.estimator_, row)[0] + self.offsets_))
        words = self._top_words(norm, row, label, top)
        if words:
            name = lexicon.LABEL_NAMES.get(str(self.classes_[label]), str(self.classes_[label]))
            reasons.append(f"palabras que más pesaron hacia «{name}»: " + ", ".join(words))
        return reasons

    def _top_words(self, norm: str, row: sp.csr_matrix, label: int, top: int) -> list[str]:
        """The message's own words that pushed ``label`` most, quoted («trámite»).

        Each word gets the weight of its unigram feature plus its share of the char n-grams
        it contains, so a reason never quotes a fragment («pas») but the word it came from;
        words of one or two letters and the most common function words are left out.
        """
        vectorizer = self.vectorizer_
        coef = _coef(self.estimator_)
        weights = coef[label] - (coef.mean(axis=0) if coef.shape[0] > 1 else 0.0)
        width = vectorizer.n_features_
        keep = row.indices < width
        value = dict(zip(row.indices[keep].tolist(), row.data[keep].tolist(), strict=True))
        low, high = vectorizer.char_range
        chars = vectorizer.char_vocabulary_
        offset = len(chars)
        columns: dict[str, set[int]] = {}
        for token in dict.fromkeys(norm.split()):
            if token in PLACEHOLDERS or (len(token) > 2 and token not in lexicon.FUNCTION_WORDS):
                grams = char_ngrams(token, low, high)
                columns[token] = {chars[g] for g in grams if g in chars}
        shared = Counter(c for cols in columns.values() for c in cols)
        scores = {}
        for token, cols in columns.items():
            score = sum(value.get(c, 0.0) * weights[c] / shared[c] for c in cols)
            word = vectorizer.word_vocabulary_.get(token)
            if word is not None:
                score += value.get(offset + word, 0.0) * weights[offset + word]
            scores[token] = score
        best = sorted((t for t in scores if scores[t] > 0), key=scores.__getitem__, reverse=True)
        quoted = [f"«{PLACEHOLDERS.get(t, t)}»" for t in best]
        return list(dict.fromkeys(quoted))[:top]  # "0" and "numlargo" both read «número…»

    def _names(self) -> list[str]:
        """Feature names, built on first use and kept."""
        if getattr(self, "_names_cache", None) is None:
            self._names_cache = self.vectorizer_.feature_names()
        return self._names_cache

    # -- serialising -------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """Arrays and JSON (:mod:`storage`), tagged with :data:`MODEL_VERSION`: no pickle."""
        return storage.dumps(self, MODEL_VERSION)

    @classmethod
    def from_bytes(cls, data: bytes) -> TextClassifier:
        """Load a model written by :meth:`to_bytes` of the same :data:`MODEL_VERSION`;
        reading the bytes never runs code (``ValueError`` for anything else)."""
        return storage.loads(data, cls, MODEL_VERSION)


def predict_proba_many(
    models: Sequence[TextClassifier], texts: Iterable[object], tokens: Tokens | None = None
) -> list[np.ndarray]:
    """:meth:`TextClassifier.predict_proba` of several models on the same batch.

    The batch is normalised once (or ``tokens``, from :func:`tokenize_many`, are given),
    and models whose vectorisers are equal (the heads trained on the same texts) share one
    feature computation.
    """
    tokens = tokenize_many(texts) if tokens is None else tokens
    shared: dict[tuple[str, bool, bool], tuple[list[sp.csr_matrix], np.ndarray]] = {}
    out = []
    for model in models:
        blocks = None
        if tokens.count > 1:  # one message: each model's own fast path is quicker
            key = (
                model.vectorizer_.fingerprint(),
                bool(model.lexicon_weight),
                bool(model.polarity_weight),
            )
            if key not in shared:
                shared[key] = model._blocks_coverage(tokens, unit=True)
            blocks = shared[key]
        out.append(model._proba(*model._scores_coverage(tokens, blocks)))
    return out


_MISSING = -1e6  # the score of a label a fold's model never saw
#: What SVM margins are multiplied by before the softmax when no inner fold could fit it.
SHARPEN = 3.0


def fit_sharpen(scores: np.ndarray, y: np.ndarray) -> float:
    """The factor on out-of-fold SVM scores whose softmax best predicts the true labels
    (least log-loss over a grid): confidences that mean what they say, not all 1.0."""
    rows = np.arange(len(y))
    usable = scores.max(axis=1) > _MISSING / 2
    best, best_loss = SHARPEN, np.inf
    for factor in np.geomspace(0.25, 8.0, 16):
        probabilities = _softmax(np.maximum(scores[usable], _MISSING) * factor)
        loss = -np.log(np.maximum(probabilities[rows[: usable.sum()], y[usable]], 1e-12)).mean()
        if loss < best_loss - 1e-9:
            best, best_loss = float(factor), loss
    return best


def usable_folds(y: np.ndarray, wanted: int) -> int:
    """How many stratified folds ``y`` allows: every training fold must hold the two most
    frequent labels. Labels rarer than that (a stray label on one line of a file) are
    kept; the folds that miss them simply cannot predict them."""
    counts = sorted(np.unique(y, return_counts=True)[1])
    return int(min(wanted, counts[-2])) if len(counts) > 1 else 0


def stratified_folds(
    y: np.ndarray, folds: int, random_state: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified (train, test) index pairs, silent about labels rarer than ``folds``."""
    from sklearn.model_selection import StratifiedKFold

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The least populated class", UserWarning)
        split = StratifiedKFold(folds, shuffle=True, random_state=random_state)
        return list(split.split(np.zeros(len(y)), y))


def _check_labels(texts: Sequence[object], labels: Sequence[object]) -> np.ndarray:
    """Labels as strings, after checking there is something to learn from."""
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} textos pero {len(labels)} etiquetas")
    if not len(texts):
        raise ValueError("no hay ejemplos para entrenar (empty training set)")
    y = np.array([_label(v) for v in labels], dtype=object)
    if len(set(y)) < 2:
        raise ValueError(
            f"se necesitan al menos dos etiquetas distintas, solo hay {sorted(set(y))} "
            "(training needs at least two classes)"
        )
    return y


def _label(value: object) -> str:
    """A label as a string; JSON booleans become ``true``/``false``."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


class Linear:
    """A fitted linear model as plain arrays: what prediction needs of a scikit-learn one."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: np.ndarray) -> None:
        self.coef_ = np.ascontiguousarray(coef, dtype=np.float64)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.classes_ = np.asarray(classes, dtype=object)

    @classmethod
    def of(cls, estimator: Any) -> Linear:
        """The arrays of a fitted scikit-learn linear classifier."""
        return cls(estimator.coef_, estimator.intercept_, estimator.classes_)

    def decision_function(self, features: sp.csr_matrix) -> np.ndarray:
        """Scores like scikit-learn's: one column for two classes, else one per class."""
        raw = np.asarray(features @ self.coef_.T) + self.intercept_
        return raw[:, 0] if self.coef_.shape[0] == 1 else raw


def _coef(estimator: Any) -> np.ndarray:
    """Coefficients with one row per class, also for binary problems."""
    coef = np.asarray(estimator.coef_)
    return np.vstack([-coef[0] / 2, coef[0] / 2]) if coef.shape[0] == 1 else coef


def _scores(estimator: Any, features: sp.csr_matrix) -> np.ndarray:
    """Per-class scores, also for binary problems (symmetric halves of the margin)."""
    raw = np.asarray(estimator.decision_function(features), dtype=np.float64)
    if raw.ndim == 1:
        return np.column_stack([-raw / 2, raw / 2])
    return raw


def _softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax, numerically safe."""
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def tune_offsets(
    scores: np.ndarray, y: np.ndarray, rounds: int = 3, tunable: np.ndarray | None = None
) -> np.ndarray:
    """Coordinate ascent on per-class offsets for macro-F1 (``y`` holds column indices);
    only the columns where ``tunable`` is true move."""
    offsets = np.zeros(scores.shape[1])
    grid = np.linspace(-2.0, 2.0, 41)
    best = _macro_f1(y, np.argmax(scores, axis=1), scores.shape[1])
    columns = range(scores.shape[1]) if tunable is None else np.flatnonzero(tunable)
    for _ in range(rounds):
        for column in columns:
            for value in grid:
                trial = offsets.copy()
                trial[column] = value
                f1 = _macro_f1(y, np.argmax(scores + trial, axis=1), scores.shape[1])
                if f1 > best + 1e-9:
                    best, offsets = f1, trial
    return offsets


def _cross_fitted_f1(
    scores: np.ndarray,
    y: np.ndarray,
    parts: list[tuple[np.ndarray, np.ndarray]],
    tunable: np.ndarray | None = None,
) -> float:
    """Macro-F1 of out-of-fold scores when each fold's offsets are tuned on the other folds."""
    predicted = np.zeros(len(y), dtype=np.int64)
    for train, test in parts:
        offsets = tune_offsets(scores[train], y[train], tunable=tunable)
        predicted[test] = np.argmax(scores[test] + offsets, axis=1)
    return _macro_f1(y, predicted, scores.shape[1])


def _macro_f1(y: np.ndarray, pred: np.ndarray, n_classes: int) -> float:
    """Macro-F1 over integer labels, fast enough for the offset search."""
    matrix = np.bincount(y * n_classes + pred, minlength=n_classes * n_classes)
    matrix = matrix.reshape(n_classes, n_classes)
    tp = np.diag(matrix).astype(float)
    denom = matrix.sum(axis=0) + matrix.sum(axis=1)
    f1 = np.divide(2 * tp, denom, out=np.zeros(n_classes), where=denom > 0)
    return float(f1.mean())
