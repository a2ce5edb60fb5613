"""The default models shipped with the project, trained from its own corpus only.

``dialogo/triage/data/examples_type.jsonl`` holds messages the project wrote itself,
each labelled with ``type``, ``sentiment`` and ``offensive``: one file feeds all three heads.
It is built by ``scripts/corpus/gen.py`` from hand-written lines and whole messages written
to briefs (``scripts/corpus/written/``). ``bench/data/`` holds messages written apart and
never trained on, which measure how the models fare on another writer's messages.
"""

from __future__ import annotations

from pathlib import Path

from dialogo.triage.ml.data import Dataset, load_jsonl
from dialogo.triage.ml.model import TextClassifier

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CORPUS = DATA_DIR / "examples_type.jsonl"

#: Each head's label field in the corpus and its labels (ASCII codes).
HEADS: dict[str, tuple[str, tuple[str, ...]]] = {
    "type": (
        "type",
        (
            "pregunta",
            "peticion",
            "informacion",
            "queja",
            "reclamo",
            "sugerencia",
            "denuncia",
            "felicitacion",
            "comentario",
            "abuso",
            "spam",
        ),
    ),
    "sentiment": ("sentiment", ("positivo", "neutro", "negativo")),
    "offensive": ("offensive", ("ofensivo", "no_ofensivo")),
}

#: Hyperparameters per head. The type head's were chosen on three pairings of writers: the
#: corpus scored on the two sets written apart (bench/data, 660 and 440 messages), and the
#: briefs of scripts/corpus/written scored on the hand-written lines. A linear SVM with the
#: lexicon and polarity counts at a lower weight is best on the worst of the three (macro-F1
#: 0.932 / 0.955 / 0.892, where logistic regression with full weights gave 0.885 / 0.919 /
#: 0.904 and without them 0.911 / 0.941 / 0.881): full weights made it trust a cue word over
#: the message ("gracias" in a request, "?" in a complaint), none lost the cues' general
#: Spanish. The lexicon gives every label its stated reasons whatever the weight. The other
#: heads keep full weights: without the lexicon, offensive vs not on OffendES falls from
#: 0.716 to 0.632 and sentiment on TASS 2020 from 0.540 to 0.484.
PARAMS: dict[str, dict[str, object]] = {
    "type": {"loss": "hinge", "C": 1.0, "lexicon_weight": 0.25, "polarity_weight": 0.5},
    "sentiment": {"C": 4.0, "lexicon_weight": 0.5},
    "offensive": {"C": 4.0, "lexicon_weight": 0.5},
}


#: A file of at least this many examples is trained with one C (a grid search on 10,000+
#: rows costs minutes) and chooses only its class weights by inner cross-validation;
#: smaller files choose both.
LARGE_FILE = 5_000


def params_for_file(n_examples: int) -> dict[str, object]:
    """Settings for a model trained from any labelled file (``triage_train --data``).

    The same settings bench/triage.py measures on the public corpora: a linear SVM on the
    n-gram and lexicon features, with per-class offsets that maximise macro-F1 learned on
    inner folds of the training data, which also choose the class weights (and, for smaller
    files, C). Balanced weights help a rare class (OffendES's insults to a group: 4-class
    macro-F1 0.650 -> 0.661 in bench/triage.py); the inner folds keep them off when they
    do not (offensive vs not: 0.810 either way).
    """
    if n_examples >= LARGE_FILE:
        return {"loss": "hinge", "C": 0.1, "class_weight": (None, "balanced"), "tune_bias": True}
    return {
        "loss": "hinge",
        "C": (0.1, 0.3),
        "class_weight": (None, "balanced"),
        "tune_bias": "auto",
    }


def default_dataset(head: str) -> Dataset:
    """The shipped examples for ``head``, from the corpus file (and a head's own file)."""
    if head not in HEADS:
        raise ValueError(f"unknown head {head!r}; choose one of {', '.join(HEADS)}")
    field, _ = HEADS[head]
    data = load_jsonl(CORPUS, field="text", label=field)
    extra = DATA_DIR / f"examples_{head}.jsonl"
    if head != "type" and extra.exists():
        more = load_jsonl(extra, field="text", label=field)
        data.texts += more.texts
        data.labels += more.labels
    return data


def train_default(head: str) -> TextClassifier:
    """Train the default model of ``head`` (``type``, ``sentiment`` or ``offensive``)."""
    data = default_dataset(head)
    params = dict(PARAMS[head])
    return TextClassifier(random_state=0, **params).fit(data.texts, data.labels)  # type: ignore[arg-type]


def offensive_score(model: TextClassifier, texts: list[str]) -> list[float]:
    """The offensive head's score of each text: the probability of ``ofensivo``."""
    return [float(p) for p in model.score_of(texts, "ofensivo")]


#: The share of the training weight an organization's corrections carry at most, beside the
#: shipped corpus: 50 corrections among 5,000 shipped examples would otherwise be drowned.
CORRECTIONS_SHARE = 0.3
MAX_CORRECTION_WEIGHT = 20.0


def with_corrections(
    corpus: Dataset, corrections: list[tuple[str, str]]
) -> tuple[list[str], list[str], list[float]]:
    """The shipped corpus plus an organization's corrections, as (texts, labels, weights).

    A correction overrides the corpus's label of the same text, and each weighs more than a
    shipped example, so that together they carry up to :data:`CORRECTIONS_SHARE` of the
    training weight (each at most :data:`MAX_CORRECTION_WEIGHT` times a shipped one).
    """
    fixed = dict(corrections)
    kept = [(t, lbl) for t, lbl in zip(corpus.texts, corpus.labels, strict=True) if t not in fixed]
    weight = 1.0
    if fixed and kept:
        wanted = CORRECTIONS_SHARE / (1 - CORRECTIONS_SHARE) * len(kept) / len(fixed)
        weight = min(MAX_CORRECTION_WEIGHT, max(1.0, wanted))
    texts = [t for t, _ in kept] + list(fixed)
    labels = [lbl for _, lbl in kept] + list(fixed.values())
    return texts, labels, [1.0] * len(kept) + [weight] * len(fixed)
