"""Triage reasons are written in Spanish (the institution's language; they are stored with
each classification). This renders them in English for staff who chose English."""

from __future__ import annotations

import re

from django.utils import translation

# Fixed reasons, as the lexicon writes them.
_FIXED = {
    "agradece": "thanks the institution",
    "anuncia un premio": "announces a prize",
    "cebo pornográfico": "pornographic bait",
    "cuenta que le pidieron dinero": "says they were asked for money",
    "deja un teléfono para negocios": "leaves a phone number for business",
    "denuncia una irregularidad": "reports an irregularity",
    "enlace acortado": "shortened link",
    "exige una solución": "demands a solution",
    "expresa una queja": "expresses a complaint",
    "felicita a la entidad": "congratulates the institution",
    "habla de corrupción o soborno": "speaks of corruption or bribery",
    "hace una pregunta": "asks a question",
    "hace una pregunta sobre un trámite": "asks about a procedure",
    "hace una sugerencia": "makes a suggestion",
    "invita a ver un perfil": "invites to look at a profile",
    "invoca el derecho de petición": "invokes the right of petition",
    "ofrece inversiones o cripto": "offers investments or crypto",
    "ofrece préstamos": "offers loans",
    "pide escribir por privado": "asks to write in private",
    "pide hacer clic": "asks to click",
    "pide información pública": "asks for public information",
    "pide seguimiento mutuo": "asks to follow back",
    "pide un documento": "asks for a document",
    "pide una actuación": "asks the institution to act",
    "presenta un reclamo": "files a claim",
    "promete dinero fácil": "promises easy money",
    "propone una mejora": "proposes an improvement",
    "reclama por un cobro o un pago": "claims about a charge or a payment",
    "se queja de la atención": "complains about the service",
    "se queja de la demora": "complains about the delay",
    "vende seguidores": "sells followers",
    "tiene signo de pregunta": "has a question mark",
    "escrito en mayúsculas": "written in capitals",
    "cuenta nueva": "new account",
    "cuenta sin foto": "account without a picture",
    "cuenta sin seguidores": "account without followers",
}

# Reasons that quote the message: (Spanish pattern, English template).
_QUOTING = [
    (re.compile(r"^contiene insulto: (.*)$"), "contains an insult: {}"),
    (re.compile(r"^lenguaje vulgar: (.*)$"), "vulgar language: {}"),
    (re.compile(r"^palabra positiva: (.*)$"), "positive word: {}"),
    (re.compile(r"^palabra negativa: (.*)$"), "negative word: {}"),
    (re.compile(r"^niega algo positivo: (.*)$"), "negates something positive: {}"),
    (re.compile(r"^niega algo negativo: (.*)$"), "negates something negative: {}"),
    (re.compile(r"^palabras que más pesaron hacia «[^»]*»: (.*)$"), "words that weighed most: {}"),
    (re.compile(r"^rasgos que indican «[^»]*»: (.*)$"), "features that weighed most: {}"),
    (
        re.compile(r"^tema aprendido de conversaciones anteriores: (.*)$"),
        "topic learnt from past conversations: {}",
    ),
    (re.compile(r"^palabras del tema («[^»]*»): (.*)$"), "words of the topic {}: {}"),
    (re.compile(r"^tema (.*)$"), "topic {}"),
]


def _english(reason: str) -> str:
    if reason in _FIXED:
        return _FIXED[reason]
    if " + " in reason:  # "enlace acortado + cuenta nueva + …"
        parts = reason.split(" + ")
        if all(p in _FIXED for p in parts):
            return " + ".join(_FIXED[p] for p in parts)
    for pattern, template in _QUOTING:
        found = pattern.match(reason)
        if found:
            return template.format(*found.groups())
    return reason


def shown(reasons: list[str]) -> list[str]:
    """``reasons`` in the active language: English when staff chose it, else as written."""
    if (translation.get_language() or "").startswith("en"):
        return [_english(r) for r in reasons]
    return reasons
