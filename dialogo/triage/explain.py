"""Why each message got its labels, in the reader's language, without running a model.

Reasons are stored with each classification as codes with arguments
(``{"code": "insult_at", "args": {"words": "hp", "target": "alcalde"}}``) and rendered here
through gettext. Rule reasons are read again from the text (a few regular expressions), so
each sits beside the label it supports; older classifications, which stored Spanish
sentences, still show them (translated by :mod:`reasons_en` where it knows them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from dialogo.triage.ml import lexicon
from dialogo.triage.models import Classification
from dialogo.triage.reasons_en import shown as in_language

#: Each reason code's sentence; arguments are named (``%(words)s``).
MESSAGES: dict[str, Any] = {
    "easy_money": gettext_lazy("promises easy money: «%(words)s»"),
    "crypto_offer": gettext_lazy("offers investments or crypto: «%(words)s»"),
    "loan_offer": gettext_lazy("offers loans: «%(words)s»"),
    "porn_bait": gettext_lazy("pornographic bait: «%(words)s»"),
    "followers_for_sale": gettext_lazy("sells followers: «%(words)s»"),
    "prize_scam": gettext_lazy("announces a prize: «%(words)s»"),
    "invites_elsewhere": gettext_lazy("invites to write elsewhere: «%(words)s»"),
    "commercial_offer": gettext_lazy("an unrelated commercial offer: «%(words)s»"),
    "phishing": gettext_lazy("asks for account details: «%(words)s»"),
    "link_only_new_account": gettext_lazy(
        "only a link (%(target)s) from an account that is %(account)s, with no earlier messages"
    ),
    "same_text_many_accounts": gettext_lazy("the same text sent by %(accounts)s accounts"),
    "link_own_domain": gettext_lazy(
        "links to the institution's own site (%(target)s): not a sign of spam"
    ),
    "link_public_domain": gettext_lazy(
        "links to a known public site (%(target)s): not a sign of spam"
    ),
    "link_photo": gettext_lazy("links to a photo (%(target)s): not a sign of spam"),
    "threat": gettext_lazy("threat: «%(words)s»"),
    "slur": gettext_lazy("slur against a group: «%(words)s»"),
    "insult_at": gettext_lazy("insult «%(words)s» aimed at %(target)s"),
    "held_back": gettext_lazy(
        "the model suggested «%(label)s» without evidence: not applied, a person decides"
    ),
}
_ACCOUNT_SIGNS = {
    "new": pgettext_lazy("account", "new"),
    "no_picture": gettext_lazy("without a picture"),
    "no_followers": gettext_lazy("without followers"),
}
#: Codes that speak about the type label (all of them today; kept explicit for new heads).
TYPE_CODES = frozenset(MESSAGES)


def render(reason: object) -> str:
    """One stored reason as a sentence in the active language; "" for an unknown code."""
    if isinstance(reason, str):
        return in_language([reason])[0]
    if not isinstance(reason, Mapping):
        return ""
    code, args = reason.get("code"), dict(reason.get("args") or {})
    template = MESSAGES.get(str(code))
    if template is None:
        return ""
    if code == "insult_at":
        target = str(args.get("target", ""))
        args["target"] = _("whoever is addressed") if target == "vocative" else f"«{target}»"
    if code == "link_only_new_account":
        signs = [str(_ACCOUNT_SIGNS.get(s.strip(), s)) for s in str(args.get("account")).split(",")]
        args["account"] = ", ".join(signs)
    if code == "held_back":
        label = str(args.get("label", ""))
        args["label"] = lexicon.LABEL_NAMES.get(label, label)
    try:
        return str(template) % {k: str(v) for k, v in args.items()}
    except (KeyError, ValueError, TypeError):  # a stored reason from another version
        return ""


def coded(classification: Classification) -> list[dict[str, Any]]:
    """The reasons stored as codes."""
    return [r for r in classification.reasons or [] if isinstance(r, Mapping)]


def explain(classification: Classification) -> list[tuple[str, str, list[str]]]:
    """(head's name, the label shown, its reasons) for each label with reasons.

    Reads the text's rules again (regular expressions, no model) and renders what was
    stored; a classification from a large import stored no model words, and none are shown.
    """
    c = classification
    message, author = c.message, c.message.author
    meta = lexicon.account_meta(
        message.created_at, author.account_created_at, author.has_avatar, author.followers
    )
    hits = lexicon.scan(message.text, meta)
    stored = [r for r in c.reasons or [] if isinstance(r, str)]
    # After a correction, the model's words for the label it had chosen explain nothing.
    shown_name = f"«{lexicon.LABEL_NAMES.get(c.message_type, c.message_type)}»"
    model_words = [r for r in stored if r.startswith("palabras que") and shown_name in r]
    topic_reasons = [r for r in stored if r.startswith("tema")]
    if not topic_reasons and c.topic_id and c.topic is not None:
        topic_reasons = [f"tema «{c.topic.name}»"]
    type_rules = lexicon.reasons_for(hits, "type", c.message_type)
    if c.message_type in ("spam", "abuso") or coded(c):
        # Spam and abuse stand on their coded evidence; the old word lists mislead.
        type_rules = [r for r in type_rules if not _old_spam_or_insult(r)]
    codes = [render(r) for r in coded(c) if r.get("code") in TYPE_CODES]
    offensive = "ofensivo" if c.is_offensive else "no_ofensivo"
    rows = [
        (_("Type"), c.get_message_type_display(), _shown(type_rules + model_words) + codes),
        (
            _("Sentiment"),
            c.get_sentiment_display(),
            _shown(lexicon.reasons_for(hits, "sentiment", c.sentiment)),
        ),
        (
            _("Offensive language"),
            f"{c.offensive_score:.2f}".replace(".", ","),
            _shown(lexicon.reasons_for(hits, "offensive", offensive)),
        ),
    ]
    if c.topic_id:
        rows.append((_("Topic"), c.topic.name if c.topic else "", _shown(topic_reasons)))
    return [
        (head, label, [r for r in reasons if r]) for head, label, reasons in rows if any(reasons)
    ]


def _old_spam_or_insult(reason: str) -> bool:
    return reason.startswith(("contiene insulto", "lenguaje vulgar", "enlace acortado", "cuenta "))


def _shown(reasons: list[str]) -> list[str]:
    return in_language(reasons) if reasons else []


def attach_explanations(messages: Iterable[Any]) -> None:
    """Give each shown message's classification its ``explanation`` for the template."""
    for message in messages:
        c = getattr(message, "classification", None)
        if c is not None:
            try:
                c.explanation = explain(c)
            except Exception:  # an explanation never breaks the page
                c.explanation = []
