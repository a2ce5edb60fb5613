"""Benchmark of the triage models, each figure beside baselines measured in the same run.

Run ``python bench/triage.py`` (about 5 minutes of CPU on one core; ``--only`` runs one
section). It reads the public corpora from ``../shared/data`` at run time (never copied
into the repository) and prints:

(a) OffendES, 4 classes and offensive-vs-not: 5-fold cross-validation on the training file
    and a train -> dev run; (b) TASS 2020 ``es`` sentiment by 5-fold cross-validation, also
    with the other countries added to each training fold (``es`` folds held out);
(c) the project's own type corpus by 5-fold cross-validation, and the shipped corpus's
    models on messages written apart from it and never trained on (``bench/data/``), which
    says how they fare on another writer's messages; (d) throughput on one core.

Baselines: the majority class, and a plain TF-IDF (scikit-learn ``char_wb`` 2-5 + word
1-2, sublinear TF, min_df 2) + multinomial logistic regression with balanced class weights,
its C chosen by inner cross-validation on each training fold. Every hyperparameter of ours
(C, class weights, per-class offsets) is likewise chosen on inner folds of each training
fold only, never on the fold it is scored on (nested). The vectoriser is fitted once per
outer training fold and reused by the inner folds; the OffendES 4-class and binary tasks
share their outer folds (split stratified on the 4 classes).
"""

from __future__ import annotations

import os

# One core for every numeric library, set before numpy loads.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.pipeline import FeatureUnion  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogo.triage.ml.data import Dataset, evaluate, load_jsonl  # noqa: E402
from dialogo.triage.ml.default import (  # noqa: E402
    CORPUS,
    PARAMS,
    default_dataset,
    params_for_file,
    train_default,
)
from dialogo.triage.ml.guard import decide_many  # noqa: E402
from dialogo.triage.ml.model import TextClassifier, predict_proba_many  # noqa: E402
from dialogo.triage.ml.normalize import tokenize_many  # noqa: E402

DATA = Path(os.environ.get("DIALOGO_SHARED_DATA", ROOT.parent / "shared" / "data"))
#: Messages the project wrote apart from the shipped corpus (other writers' briefs, never in
#: its training data): the shipped models are scored on them.
HELD_OUT = ROOT / "bench" / "data"
SEED = 0
Model = Callable[[], object]

#: Our settings per benchmark task: those `manage.py triage_train --data FILE` uses for a
#: file of that size (dialogo.triage.ml.default.params_for_file); tuples are candidates
#: ``fit`` chooses among on inner folds of the training data.
OURS = {
    "offendes4": params_for_file(16_000),
    "offensive": params_for_file(16_000),
    "tass": params_for_file(1_000),
}
#: The plain baseline's C grid and its inner folds (one inner split above this many rows).
BASELINE_CS = (1.0, 4.0, 16.0)
BIG = 5_000


class Majority:
    """Predicts the most frequent training label."""

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Majority:
        self.label_ = Counter(labels).most_common(1)[0][0]
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.label_] * len(texts)


class PlainBaseline:
    """TF-IDF char_wb 2-5 + word 1-2 (sublinear, min_df 2), multinomial logistic regression
    with balanced class weights; C chosen by inner cross-validation on the training data.

    The fitted vectoriser and training matrix of the last two training sets are cached, so
    the two OffendES tasks, which share their folds, vectorise each fold once.
    """

    _cache: dict[int, tuple[FeatureUnion, object]] = {}

    @staticmethod
    def _vectorizer() -> FeatureUnion:
        def tfidf(**kw: object) -> TfidfVectorizer:
            return TfidfVectorizer(  # type: ignore[call-overload]
                sublinear_tf=True, min_df=2, dtype=np.float32, **kw
            )

        return FeatureUnion(
            [
                ("char", tfidf(analyzer="char_wb", ngram_range=(2, 5))),
                ("word", tfidf(ngram_range=(1, 2))),
            ]
        )

    @staticmethod
    def _lr(C: float) -> LogisticRegression:
        return LogisticRegression(
            C=C, class_weight="balanced", solver="newton-cg", tol=1e-3, max_iter=200
        )

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> PlainBaseline:
        key = hash(tuple(texts))
        if key not in self._cache:
            if len(self._cache) >= 2:
                self._cache.pop(next(iter(self._cache)))
            vectorizer = self._vectorizer()
            self._cache[key] = (vectorizer, vectorizer.fit_transform(texts))
        self.features_, matrix = self._cache[key]
        y = np.asarray(labels, dtype=object)
        inner = StratifiedKFold(3, shuffle=True, random_state=SEED).split(matrix, y)
        parts = [next(inner)] if len(y) > BIG else list(inner)
        scores = []
        for C in BASELINE_CS:
            predicted, truth = [], []
            for train, test in parts:
                predicted += list(self._lr(C).fit(matrix[train], y[train]).predict(matrix[test]))
                truth += list(y[test])
            scores.append(evaluate(truth, predicted).macro_f1)
        self.C_ = BASELINE_CS[int(np.argmax(scores))]
        self.lr_ = self._lr(self.C_).fit(matrix, y)
        return self

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.lr_.predict(self.features_.transform(texts))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.lr_.predict_proba(self.features_.transform(texts))


def ours(task: str) -> Model:
    """A factory of our estimator with the task's settings."""
    return lambda: TextClassifier(random_state=SEED, **OURS[task])  # type: ignore[arg-type]


MODELS: dict[str, Callable[[str], Model]] = {
    "majority": lambda task: Majority,
    "tfidf+LR": lambda task: PlainBaseline,
    "ours": ours,
}


def cross_validate(
    make: Model, data: Dataset, folds: int = 5, extra: Dataset | None = None
) -> tuple[float, float]:
    """Out-of-fold macro-F1 and seconds; ``extra`` joins every training fold, never a test."""
    texts, labels = np.array(data.texts, dtype=object), np.array(data.labels, dtype=object)
    predicted = np.empty(len(labels), dtype=object)
    start = time.perf_counter()
    split = StratifiedKFold(folds, shuffle=True, random_state=SEED)
    for train, test in split.split(texts, labels):
        train_texts, train_labels = list(texts[train]), list(labels[train])
        if extra is not None:
            train_texts += extra.texts
            train_labels += extra.labels
        model = make().fit(train_texts, train_labels)  # type: ignore[attr-defined]
        predicted[test] = model.predict(list(texts[test]))
    return evaluate(labels, predicted).macro_f1, time.perf_counter() - start


def holdout(make: Model, train: Dataset, test: Dataset) -> float:
    """Macro-F1 on ``test`` of a model fitted on ``train``."""
    model = make().fit(train.texts, train.labels)  # type: ignore[attr-defined]
    return evaluate(test.labels, model.predict(test.texts)).macro_f1


def row(name: str, scores: dict[str, float], target: float | None = None) -> None:
    """Print one result line: every model's macro-F1 side by side, then the target."""
    cells = "  ".join(f"{k} {v:.3f}" for k, v in scores.items())
    goal = f"  (target >= {target:.2f})" if target else ""
    print(f"{name:<44} {cells}{goal}", flush=True)


def compare(name: str, task: str, run: Callable[[Model], float], target: float | None) -> None:
    """Run every model on one task and print the line."""
    row(name, {label: run(factory(task)) for label, factory in MODELS.items()}, target)


def cross_validate_tasks(
    texts: Sequence[str], tasks: dict[str, tuple[str, Sequence[str]]], folds: int
) -> dict[str, dict[str, float]]:
    """Out-of-fold macro-F1 of every model on several labelings of the same texts.

    ``tasks`` maps a task name to (settings key, labels); the folds are stratified on the
    first task's labels and shared, so a baseline vectorises each training fold once.
    """
    array = np.array(texts, dtype=object)
    labels = {name: np.array(lbls, dtype=object) for name, (_, lbls) in tasks.items()}
    predicted = {(t, m): np.empty(len(array), dtype=object) for t in tasks for m in MODELS}
    first = next(iter(labels.values()))
    split = StratifiedKFold(folds, shuffle=True, random_state=SEED)
    for train, test in split.split(array, first):
        for task, (key, _) in tasks.items():
            for name, factory in MODELS.items():
                model = factory(key)()
                model.fit(list(array[train]), list(labels[task][train]))  # type: ignore[attr-defined]
                predicted[task, name][test] = model.predict(list(array[test]))
    return {
        task: {name: evaluate(labels[task], predicted[task, name]).macro_f1 for name in MODELS}
        for task in tasks
    }


def offendes(folds: int) -> None:
    """(a) OffendES: 4 classes and offensive-vs-not, by cross-validation and on dev."""
    labels4 = load_jsonl(DATA / "offensive/offendes_train.jsonl", label="label")
    keep = [i for i, lbl in enumerate(labels4.labels) if lbl in {"NO", "OFP", "OFG", "NOE"}]
    four = Dataset([labels4.texts[i] for i in keep], [labels4.labels[i] for i in keep])
    binary = Dataset(four.texts, [str(lbl in {"OFP", "OFG"}).lower() for lbl in four.labels])
    dev4 = load_jsonl(DATA / "offensive/offendes_dev.jsonl", label="label")
    devb = load_jsonl(DATA / "offensive/offendes_dev.jsonl", label="offensive")
    print(
        f"OffendES train {len(four)} rows ({len(labels4) - len(four)} with a bad label "
        f"skipped), dev {len(dev4)}: {dict(Counter(four.labels))}"
    )
    tasks = {"4": ("offendes4", four.labels), "2": ("offensive", binary.labels)}
    cv = cross_validate_tasks(four.texts, tasks, folds)
    row(f"OffendES 4 classes, {folds}-fold CV", cv["4"], 0.72)
    row(f"OffendES offensive vs not, {folds}-fold CV", cv["2"], 0.85)
    compare(
        "OffendES 4 classes, train -> dev (100)",
        "offendes4",
        lambda m: holdout(m, four, dev4),
        None,
    )
    compare(
        "OffendES offensive vs not, train -> dev (100)",
        "offensive",
        lambda m: holdout(m, binary, devb),
        None,
    )


def tass(folds: int) -> None:
    """(b) TASS 2020 es by cross-validation, alone and with the other countries added."""
    spain = load_jsonl(DATA / "sentiment/tass2020_train_es.jsonl", label="label")
    others = Dataset()
    for country in ("cr", "mx", "pe", "uy"):
        part = load_jsonl(DATA / f"sentiment/tass2020_train_{country}.jsonl", label="label")
        others.texts += part.texts
        others.labels += part.labels
    print(
        f"TASS 2020 es {len(spain)} rows {dict(Counter(spain.labels))}; "
        f"other countries {len(others)}"
    )
    compare(f"TASS es, {folds}-fold CV", "tass", lambda m: cross_validate(m, spain, folds)[0], 0.60)
    compare(
        f"TASS es, {folds}-fold CV, + cr/mx/pe/uy in training",
        "tass",
        lambda m: cross_validate(m, spain, folds, extra=others)[0],
        0.60,
    )


def own_corpus(folds: int) -> None:
    """(c) The shipped type corpus (written by the project) by cross-validation."""
    data = load_jsonl(CORPUS, label="type")
    print(f"Own corpus {len(data)} rows, {len(set(data.labels))} types")
    scores = {
        "majority": cross_validate(Majority, data, folds)[0],
        "tfidf+LR": cross_validate(PlainBaseline, data, folds)[0],
        "ours": cross_validate(lambda: TextClassifier(**PARAMS["type"]), data, folds)[0],  # type: ignore[arg-type]
    }
    row(f"Own corpus, type (11 classes), {folds}-fold CV", scores)
    written_apart()


def written_apart() -> None:
    """(c) Models trained on the shipped corpus, scored on messages written apart from it."""
    files = sorted(HELD_OUT.glob("triage_heldout_*.jsonl"))
    for head in ("type", "sentiment", "offensive"):
        train = default_dataset(head)
        factories: dict[str, Model] = {
            "majority": Majority,
            "tfidf+LR": PlainBaseline,
            "ours": lambda head=head: TextClassifier(**PARAMS[head]),  # type: ignore[arg-type]
        }
        fitted = {name: make().fit(train.texts, train.labels) for name, make in factories.items()}  # type: ignore[attr-defined]
        for path in files:
            test = load_jsonl(path, label=head)
            scores = {
                name: evaluate(test.labels, list(model.predict(test.texts))).macro_f1
                for name, model in fitted.items()
            }
            row(f"Own corpus -> {path.stem[15:]}, written apart ({len(test)}), {head}", scores)


def _stream() -> list[str]:
    """Messages none of the timed models was trained on: OffendES dev, TASS, HatEval, and
    ours written apart (bench/data; the shipped corpus itself is what the heads learned)."""
    texts = load_jsonl(DATA / "offensive/offendes_dev.jsonl", label="offensive").texts
    for country in ("es", "cr", "mx", "pe", "uy"):
        texts += load_jsonl(DATA / f"sentiment/tass2020_train_{country}.jsonl").texts
    for part in ("train", "dev"):
        texts += load_jsonl(DATA / f"offensive/hateval_es_{part}.jsonl", label="hate").texts
    for path in sorted(HELD_OUT.glob("triage_heldout_*.jsonl")):
        texts += load_jsonl(path, label="type").texts
    return texts


def _rate(predict: Callable[[list[str]], object], texts: list[str], batch: int = 1000) -> float:
    """Messages per second of CPU time (this process only), in batches of ``batch``."""
    start = time.process_time()
    for i in range(0, len(texts), batch):
        predict(texts[i : i + batch])
    return len(texts) / (time.process_time() - start)


def _forget_words() -> None:
    """Empty the per-process word caches, as in a process that has just started."""
    from dialogo.triage.ml.normalize import forget_words

    forget_words()


def throughput() -> None:
    """(d) Messages per second in batch and latency of one message, on one core.

    CPU time of this process, so the figures hold on a machine shared with other work.
    "First sight": a freshly loaded model and empty caches meet every word for the first
    time (about three new words a message here); "known words": the same stream again,
    the steady state of a long import, where most words have been met before. Each figure
    is "best (median)" of several passes.
    """
    unseen = _stream()
    train = load_jsonl(DATA / "offensive/offendes_train.jsonl", label="offensive")
    chars = sum(map(len, unseen)) / len(unseen)
    print(
        f"Throughput: models trained on OffendES binary; {len(unseen):,} unseen messages "
        f"(mean {chars:.0f} chars) in batches of 1,000, one core"
    )
    baseline = PlainBaseline().fit(train.texts, train.labels)
    base_rate = max(_rate(baseline.predict_proba, unseen) for _ in range(3))
    blob = (
        TextClassifier(random_state=SEED, **OURS["offensive"])  # type: ignore[arg-type]
        .fit(train.texts, train.labels)
        .to_bytes()
    )
    cold, warm, model = _cold_and_warm(lambda: [TextClassifier.from_bytes(blob)], unseen)
    print(
        f"batch      tfidf+LR {base_rate:,.0f} msg/s (best of 3)   ours: first sight {cold}, "
        f"known words {warm} msg/s (target >= 20,000)",
        flush=True,
    )
    for name, predict in (
        ("tfidf+LR", baseline.predict_proba),
        ("ours", model[0].predict_proba),
    ):
        latencies = []
        for text in unseen[:500]:
            start = time.process_time()
            predict([text])
            latencies.append((time.process_time() - start) * 1000)
        p95 = sorted(latencies)[int(0.95 * len(latencies))]
        print(
            f"one message {name:<9} median {statistics.median(latencies):.2f} ms, "
            f"p95 {p95:.2f} ms (target < 5 ms)",
            flush=True,
        )
    heads = [train_default(head).to_bytes() for head in ("type", "sentiment", "offensive")]
    loaded = [TextClassifier.from_bytes(h) for h in heads]
    shared = loaded[0].vectorizer_.fingerprint() == loaded[2].vectorizer_.fingerprint()
    cold, warm, _ = _cold_and_warm(lambda: [TextClassifier.from_bytes(h) for h in heads], unseen)
    print(
        f"three shipped heads (type, sentiment, offensive) on each batch, features "
        f"{'shared' if shared else 'NOT shared'}: first sight {cold}, known words {warm} msg/s",
        flush=True,
    )
    classes = [str(c) for c in loaded[0].classes_]

    def with_rules(batch: list[str]) -> None:
        tokens = tokenize_many(batch)
        probas = predict_proba_many(loaded, batch, tokens)
        decide_many(classes, probas[0], batch, norms=tokens.docs())

    rates = [_rate(with_rules, unseen) for _ in range(3)]
    print(
        f"three heads + spam/abuse evidence rules (what triage runs on a batch): "
        f"{max(rates):,.0f} (median {statistics.median(rates):,.0f}) msg/s",
        flush=True,
    )


def _cold_and_warm(
    load: Callable[[], list[TextClassifier]], texts: list[str], tries: int = 3, passes: int = 5
) -> tuple[str, str, list[TextClassifier]]:
    """Batch rates of freshly loaded models (``tries`` times), then of the last ones again
    (``passes`` times), as "best (median)": this machine's speed varies from pass to pass
    by a third, and the best pass is the one least disturbed by other work."""
    cold, warm = [], []
    models: list[TextClassifier] = []
    for _ in range(tries):
        _forget_words()
        models = load()
        cold.append(_rate(partial(predict_proba_many, models), texts))
    for _ in range(passes):
        warm.append(_rate(partial(predict_proba_many, models), texts))

    def show(rates: list[float]) -> str:
        return f"{max(rates):,.0f} (median {statistics.median(rates):,.0f})"

    return show(cold), show(warm), models


def main() -> None:
    """Run the sections asked for, on one thread."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", choices=["offendes", "tass", "own", "speed"], default=None)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"shared data not found at {DATA} (set DIALOGO_SHARED_DATA)")
    sections = {"offendes": offendes, "tass": tass, "own": own_corpus}
    start = time.perf_counter()
    with threadpool_limits(1):
        for name, section in sections.items():
            if args.only in (None, name):
                section(args.folds)
        if args.only in (None, "speed"):
            throughput()
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
