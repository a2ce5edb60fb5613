"""Learning from the team, measured: what an organization's corrections buy.

Run ``python bench/learning.py`` (a few minutes on one core). It simulates an organization
whose staff correct 50, 100, 200 and 400 of its messages, on three pools of messages:

- the project's own sets written apart from the corpus (``bench/data/triage_heldout_*``,
  request types: the type head),
- TASS 2020 tweets from five countries (sentiment: the sentiment head),
- OffendES comments (offensive or not: the offensive head),

and scores macro-F1 on the rest of the pool (at most 2,000 messages) for:

- the shipped default head (what the organization has before correcting anything);
- its own model, retrained the way ``retrain_organization`` does: the shipped corpus plus
  the corrections, which override the corpus's label of the same text and weigh more
  (``default.with_corrections``);
- a plain TF-IDF + logistic regression baseline (bench/triage.py's) trained on the same
  examples (corpus + corrections), and one trained on the corrections alone.

It then says after how many corrections the organization's own model beats the shipped
default on its own messages. The public pools are read from ``../shared/data`` at run time.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from triage import DATA, HELD_OUT, PlainBaseline  # noqa: E402

from dialogo.triage.ml.data import Dataset, evaluate, load_jsonl  # noqa: E402
from dialogo.triage.ml.default import (  # noqa: E402
    PARAMS,
    default_dataset,
    train_default,
    with_corrections,
)
from dialogo.triage.ml.model import TextClassifier  # noqa: E402

BUDGETS = (50, 100, 200, 400)
TEST_CAP = 2_000
SEED = 0


def _pools() -> list[tuple[str, str, Dataset]]:
    """(name, head, pool of labelled messages in the head's labels)."""
    pools = []
    own = Dataset([], [])
    for path in sorted(HELD_OUT.glob("triage_heldout_*.jsonl")):
        part = load_jsonl(path, label="type")
        own.texts += part.texts
        own.labels += part.labels
    pools.append(("own sets written apart", "type", own))
    tass = Dataset([], [])
    names = {"P": "positivo", "NEU": "neutro", "N": "negativo"}
    for path in sorted((DATA / "sentiment").glob("tass2020_train_*.jsonl")):
        part = load_jsonl(path)
        tass.texts += part.texts
        tass.labels += [names.get(lbl, lbl) for lbl in part.labels]
    if tass.texts:
        pools.append(("TASS 2020, 5 countries", "sentiment", tass))
    offendes = DATA / "offensive" / "offendes_train.jsonl"
    if offendes.exists():
        part = load_jsonl(offendes, label="offensive")
        labels = ["ofensivo" if lbl == "true" else "no_ofensivo" for lbl in part.labels]
        pools.append(("OffendES", "offensive", Dataset(part.texts, labels)))
    return pools


def _f1(model: object, test: Dataset) -> float:
    return evaluate(test.labels, list(model.predict(test.texts))).macro_f1  # type: ignore[attr-defined]


def _plain(texts: list[str], labels: list[str]) -> PlainBaseline | None:
    try:
        return PlainBaseline().fit(texts, labels)
    except ValueError:  # a label too rare for the baseline's inner folds
        return None


def curve(name: str, head: str, pool: Dataset) -> None:
    corpus = default_dataset(head)
    shipped = train_default(head)
    # The same held-out messages for every budget: the largest budget's rest.
    rng = np.random.RandomState(SEED)
    order = rng.permutation(len(pool.texts))
    test_idx = order[max(BUDGETS) : max(BUDGETS) + TEST_CAP]
    test = Dataset([pool.texts[i] for i in test_idx], [pool.labels[i] for i in test_idx])
    base = _f1(shipped, test)
    print(f"\n{name} ({head} head): {len(pool.texts):,} messages, {len(test):,} scored")
    print(f"{'corrections':>11}  {'own model':>9}  {'plain, same':>11}  {'plain, corr. only':>17}")
    print(f"{0:>11}  {base:>9.3f}  {'':>11}  {'':>17}   (shipped default)")
    beats = None
    for budget in BUDGETS:
        corrections = Dataset(
            [pool.texts[i] for i in order[:budget]], [pool.labels[i] for i in order[:budget]]
        )
        pairs = list(zip(corrections.texts, corrections.labels, strict=True))
        texts, labels, weights = with_corrections(corpus, pairs)
        model = TextClassifier(random_state=SEED, **PARAMS[head])
        ours = _f1(model.fit(texts, labels, sample_weight=weights), test)
        same = _plain(texts, labels)
        alone = _plain(corrections.texts, corrections.labels)
        show = lambda m: f"{_f1(m, test):.3f}" if m is not None else "n/a"  # noqa: E731
        print(f"{budget:>11}  {ours:>9.3f}  {show(same):>11}  {show(alone):>17}", flush=True)
        if beats is None and ours > base:
            beats = budget
    print(
        "own model beats the shipped default after "
        + (f"{beats} corrections" if beats else f"more than {max(BUDGETS)} corrections")
    )


def main() -> int:
    start = time.perf_counter()
    for name, head, pool in _pools():
        curve(name, head, pool)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
