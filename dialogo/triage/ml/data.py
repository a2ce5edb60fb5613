"""Reading labelled JSON Lines and measuring a classifier against them."""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np


@dataclass
class Dataset:
    """Texts and string labels read from a file, with the count of lines skipped."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    skipped: int = 0

    def __len__(self) -> int:
        return len(self.texts)


def label_string(value: object) -> str | None:
    """A JSON label as a string (booleans as ``true``/``false``); ``None`` if unusable."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            value = int(value)  # 1.0, as many exporters write it, is the label 1
    if isinstance(value, (str, int, float)) and str(value).strip():
        return str(value).strip()
    return None


def _rows(path: str | Path) -> Iterator[object]:
    """Each line of a JSON Lines file parsed, or ``None`` when it is not valid JSON.

    A byte-order mark (files saved by spreadsheet tools) is dropped; ``.gz`` files are read
    compressed.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except ValueError:
                yield None


def load_jsonl(
    path: str | Path,
    field: str = "text",
    label: str = "label",
    map: Mapping[str, str] | None = None,  # noqa: A002 - the documented keyword
) -> Dataset:
    """Stream a JSON Lines file into a :class:`Dataset`.

    Lines that are not JSON objects, lack a string ``field`` or a usable ``label`` are
    skipped and counted. ``map`` renames labels (``{"OFP": "ofensivo"}``); labels it does
    not name are kept as they are.
    """
    data = Dataset()
    for row in _rows(path):
        text = row.get(field) if isinstance(row, dict) else None
        value = label_string(row.get(label)) if isinstance(row, dict) else None
        if not isinstance(text, str) or value is None:
            data.skipped += 1
            continue
        data.texts.append(text)
        data.labels.append(map.get(value, value) if map else value)
    return data


def parse_map(spec: str) -> dict[str, str]:
    """Parse ``'a=b,c=d'`` into ``{"a": "b", "c": "d"}`` (the ``--map`` option)."""
    pairs = [item.split("=", 1) for item in spec.split(",") if item.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ValueError(f"bad label map {spec!r}: expected 'a=b,c=d'")
    return {a.strip(): b.strip() for a, b in pairs}


@dataclass
class Evaluation:
    """Accuracy, macro-F1, per-class scores and the confusion matrix of one run."""

    accuracy: float
    macro_f1: float
    labels: list[str]
    confusion: np.ndarray
    per_class: dict[str, tuple[float, float, float, int]]
    report: str


def evaluate(y_true: Sequence[object], y_pred: Sequence[object]) -> Evaluation:
    """Compare predictions with the truth; the report's last line is ``macro-F1 0.xxx``."""
    truth = [str(v) for v in y_true]
    pred = [str(v) for v in y_pred]
    if len(truth) != len(pred):
        raise ValueError(f"{len(truth)} true labels but {len(pred)} predictions")
    labels = sorted(set(truth) | set(pred))
    index = {label: i for i, label in enumerate(labels)}
    confusion = np.zeros((len(labels), len(labels)), dtype=np.int64)
    for t, p in zip(truth, pred, strict=True):
        confusion[index[t], index[p]] += 1
    per_class = _per_class(confusion, labels)
    # Averaged over every label seen in truth or predictions, as scikit-learn does.
    macro = float(np.mean([per_class[lbl][2] for lbl in labels])) if truth else 0.0
    accuracy = float(np.trace(confusion) / len(truth)) if truth else 0.0
    report = _report(accuracy, macro, labels, confusion, per_class)
    return Evaluation(accuracy, macro, labels, confusion, per_class, report)


def _per_class(
    confusion: np.ndarray, labels: list[str]
) -> dict[str, tuple[float, float, float, int]]:
    """Precision, recall, F1 and support of every label."""
    out = {}
    for i, label in enumerate(labels):
        tp = float(confusion[i, i])
        predicted, support = confusion[:, i].sum(), confusion[i, :].sum()
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = (precision, recall, f1, int(support))
    return out


def _report(
    accuracy: float,
    macro: float,
    labels: list[str],
    confusion: np.ndarray,
    per_class: dict[str, tuple[float, float, float, int]],
) -> str:
    """Plain-text report: per-class table, confusion matrix, accuracy, then macro-F1."""
    width = max([len(lbl) for lbl in labels] + [8])
    lines = [f"{'label':<{width}}  precision  recall     f1  support"]
    for label in labels:
        p, r, f, n = per_class[label]
        lines.append(f"{label:<{width}}  {p:9.3f}  {r:6.3f}  {f:5.3f}  {n:7d}")
    lines += ["", "confusion matrix (rows: true, columns: predicted)"]
    lines.append(" " * width + "  " + " ".join(f"{lbl[:7]:>7}" for lbl in labels))
    for label, row in zip(labels, confusion, strict=True):
        lines.append(f"{label:<{width}}  " + " ".join(f"{v:7d}" for v in row))
    # Over the labels the data holds: a model that knows more labels than the file uses
    # (the eleven types scored on a file of three) is not charged for the absent ones.
    present = [lbl for lbl in labels if per_class[lbl][3] > 0]
    in_data = float(np.mean([per_class[lbl][2] for lbl in present])) if present else 0.0
    lines += [
        "",
        f"accuracy {accuracy:.3f}",
        f"macro-F1 over the {len(present)} labels present in the data {in_data:.3f}",
        f"macro-F1 {macro:.3f}",
    ]
    return "\n".join(lines)
