"""How far a head's confidence can be trusted: reliability measured on held-out folds.

Each head's probabilities are calibrated when it is fitted (a temperature on its scores,
chosen on inner folds of the training data: :func:`dialogo.triage.ml.model.fit_sharpen`).
This module measures whether that worked, on folds the model never saw: for messages given
a confidence between 0.8 and 0.9, about 85 % should be right. The table is stored with each
model (``TriageModel.metrics["reliability"]``) and shown on the Clasificación page.

``python -m dialogo.triage.ml.calibration`` measures the shipped default heads and writes
``dialogo/triage/data/reliability.json`` (tagged with the corpus's hash: a changed corpus
makes it stale and it is no longer shown).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

#: Upper edges of the confidence bins (the first bin starts at 0).
EDGES = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
OUT = Path(__file__).resolve().parent.parent / "data" / "reliability.json"


def reliability(
    y_true: Sequence[object], proba: np.ndarray, classes: Sequence[object]
) -> dict[str, Any]:
    """Per confidence bin: how many messages, their mean confidence and the share right;
    plus the expected calibration error (the count-weighted gap) and the accuracy."""
    names = [str(c) for c in classes]
    truth = np.array([names.index(str(y)) if str(y) in names else -1 for y in y_true])
    chosen = np.argmax(proba, axis=1)
    confidence = proba[np.arange(len(chosen)), chosen]
    right = chosen == truth
    bins, low, gap = [], 0.0, 0.0
    for high in EDGES:
        inside = (confidence >= low) & (confidence < high if high < 1.0 else confidence <= 1.0)
        n = int(inside.sum())
        if n:
            mean_conf, share = float(confidence[inside].mean()), float(right[inside].mean())
            gap += n * abs(mean_conf - share)
            bins.append(
                {
                    "low": low,
                    "high": high,
                    "n": n,
                    "confidence": round(mean_conf, 3),
                    "accuracy": round(share, 3),
                }
            )
        low = high
    total = max(1, len(chosen))
    return {
        "bins": bins,
        "ece": round(gap / total, 4),
        "n": len(chosen),
        "accuracy": round(float(right.mean()) if len(right) else 0.0, 4),
    }


def out_of_fold(
    texts: Sequence[str], labels: Sequence[object], params: dict[str, Any], folds: int = 3
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Probabilities of every example from a model that did not see it (stratified folds):
    (labels as strings, class names, probability matrix)."""
    from dialogo.triage.ml.model import TextClassifier, stratified_folds, usable_folds

    y = np.array([str(v) for v in labels], dtype=object)
    classes = sorted(set(y))
    proba = np.zeros((len(y), len(classes)))
    k = usable_folds(y, folds)
    for train, test in stratified_folds(y, k):
        model = TextClassifier(random_state=0, **params).fit([texts[i] for i in train], y[train])
        columns = [classes.index(str(c)) for c in model.classes_]
        proba[np.ix_(test, columns)] = model.predict_proba([texts[i] for i in test])
    return y, classes, proba


def corpus_hash() -> str:
    """The shipped corpus's SHA-256, first 16 hex digits."""
    from dialogo.triage.ml.default import CORPUS

    return hashlib.sha256(CORPUS.read_bytes()).hexdigest()[:16]


def shipped() -> dict[str, dict[str, Any]]:
    """The measured reliability of each default head, if measured on today's corpus."""
    from dialogo.triage.ml.model import MODEL_VERSION

    try:
        stored = json.loads(OUT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if stored.get("corpus") != corpus_hash() or stored.get("version") != MODEL_VERSION:
        return {}
    return dict(stored.get("heads") or {})


def main() -> None:
    from dialogo.triage.ml.default import PARAMS, default_dataset
    from dialogo.triage.ml.model import MODEL_VERSION

    heads = {}
    for head in ("type", "sentiment", "offensive"):
        data = default_dataset(head)
        y, classes, proba = out_of_fold(data.texts, data.labels, dict(PARAMS[head]))
        heads[head] = reliability(y, proba, classes)
        print(head, json.dumps(heads[head]), flush=True)
    OUT.write_text(
        json.dumps(
            {"corpus": corpus_hash(), "version": MODEL_VERSION, "folds": 3, "heads": heads},
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
