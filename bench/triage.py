"""Benchmark of the triage models, each figure beside baselines measured in the same run.

Run ``python bench/triage.py`` (about 7 minutes of CPU on one core; ``--only`` runs one
section). It reads the public corpora from ``../shared/data`` at run time (never copied
into the repository) and prints:

(a) OffendES, 4 classes and offensive-vs-not: 5-fold cross-validation on the training file
    and a train -> dev run; (b) TASS 2020 ``es`` sentiment by 5-fold cross-validation, also
    with the other countries added to each training fold (``es`` folds held out);
(c) the project's own type corpus by 5-fold cross-validation; (d) throughput on one core.

Baselines: the majority class, and a plain TF-IDF (char_wb 2-5 + word 1-2, sublinear)
+ logistic regression. Our model's per-class offsets are tuned on inner folds of each
training fold only, never on the fold it is scored on.
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
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.multiclass import OneVsRestClassifier  # noqa: E402
from sklearn.pipeline import FeatureUnion, Pipeline  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogo.triage.ml.data import Dataset, evaluate, load_jsonl  # noqa: E402
from dialogo.triage.ml.default import CORPUS, PARAMS  # noqa: E402
from dialogo.triage.ml.model import TextClassifier  # noqa: E402

DATA = Path(os.environ.get("DIALOGO_SHARED_DATA", ROOT.parent / "shared" / "data"))
SEED = 0
Model = Callable[[], object]

#: Our settings per benchmark task (chosen by cross-validation on training data).
OURS = {
    "offendes4": {"loss": "hinge", "C": 0.1, "class_weight": None, "tune_bias": True},
    "offensive": {"loss": "hinge", "C": 0.1, "class_weight": None, "tune_bias": True},
    "tass": {"loss": "hinge", "C": 0.1, "class_weight": None, "tune_bias": True},
}


class Majority:
    """Predicts the most frequent training label."""

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Majority:
        self.label_ = Counter(labels).most_common(1)[0][0]
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.label_] * len(texts)


def plain_baseline() -> Pipeline:
    """TF-IDF char_wb 2-5 + word 1-2 (sublinear) and logistic regression, one-vs-rest."""
    features = FeatureUnion(
        [
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                ),
            ),
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
        ]
    )
    classifier = OneVsRestClassifier(LogisticRegression(solver="liblinear"))
    return Pipeline([("features", features), ("lr", classifier)])


def ours(task: str) -> Model:
    """A factory of our estimator with the task's settings."""
    return lambda: TextClassifier(random_state=SEED, **OURS[task])  # type: ignore[arg-type]


MODELS: dict[str, Callable[[str], Model]] = {
    "majority": lambda task: Majority,
    "tfidf+LR": lambda task: plain_baseline,
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


def offendes(folds: int) -> None:
    """(a) OffendES: 4 classes and offensive-vs-not, by cross-validation and on dev."""
    labels4 = load_jsonl(DATA / "offensive/offendes_train.jsonl", label="label")
    keep = [i for i, lbl in enumerate(labels4.labels) if lbl in {"NO", "OFP", "OFG", "NOE"}]
    four = Dataset([labels4.texts[i] for i in keep], [labels4.labels[i] for i in keep])
    binary = load_jsonl(DATA / "offensive/offendes_train.jsonl", label="offensive")
    dev4 = load_jsonl(DATA / "offensive/offendes_dev.jsonl", label="label")
    devb = load_jsonl(DATA / "offensive/offendes_dev.jsonl", label="offensive")
    print(
        f"OffendES train {len(four)} rows ({len(labels4) - len(four)} with a bad label "
        f"skipped), dev {len(dev4)}: {dict(Counter(four.labels))}"
    )
    compare(
        f"OffendES 4 classes, {folds}-fold CV",
        "offendes4",
        lambda m: cross_validate(m, four, folds)[0],
        0.72,
    )
    compare(
        f"OffendES offensive vs not, {folds}-fold CV",
        "offensive",
        lambda m: cross_validate(m, binary, folds)[0],
        0.85,
    )
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
        "tfidf+LR": cross_validate(plain_baseline, data, folds)[0],
        "ours": cross_validate(lambda: TextClassifier(**PARAMS["type"]), data, folds)[0],  # type: ignore[arg-type]
    }
    row(f"Own corpus, type (11 classes), {folds}-fold CV", scores)


def throughput() -> None:
    """(d) Messages per second in batch and latency of one message, on one core."""
    train = load_jsonl(DATA / "offensive/offendes_train.jsonl", label="offensive")
    unseen = load_jsonl(DATA / "offensive/offendes_dev.jsonl", label="offensive").texts
    for country in ("es", "cr", "mx", "pe", "uy"):
        unseen += load_jsonl(DATA / f"sentiment/tass2020_train_{country}.jsonl").texts
    unseen += load_jsonl(CORPUS, label="type").texts
    chars = sum(map(len, unseen)) / len(unseen)
    print(
        f"Throughput: models trained on OffendES binary; {len(unseen)} unseen messages "
        f"(mean {chars:.0f} chars), one core"
    )
    for name, make in (("tfidf+LR", plain_baseline), ("ours", ours("offensive"))):
        model = make().fit(train.texts, train.labels)  # type: ignore[attr-defined]
        start = time.perf_counter()
        model.predict_proba(unseen)
        rate = len(unseen) / (time.perf_counter() - start)
        latencies = []
        for text in unseen[:500]:
            start = time.perf_counter()
            model.predict_proba([text])
            latencies.append((time.perf_counter() - start) * 1000)
        p95 = sorted(latencies)[int(0.95 * len(latencies))]
        print(
            f"{name:<10} batch {rate:9,.0f} msg/s (target >= 20,000)   single message "
            f"median {statistics.median(latencies):.2f} ms, p95 {p95:.2f} ms (target < 5 ms)",
            flush=True,
        )


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
