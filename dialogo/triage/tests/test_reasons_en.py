"""Reasons are stored in Spanish and shown in English to staff who chose English."""

from django.utils import translation

from dialogo.triage.ml import lexicon
from dialogo.triage.reasons_en import _FIXED, shown


def test_every_lexicon_reason_has_an_english_rendering():
    fixed = {r for rules in lexicon._CUE_RES.values() for _p, r in rules}
    fixed |= set(lexicon._SPAM.values())
    assert fixed <= set(_FIXED)


def test_reasons_follow_the_language():
    reasons = lexicon.reasons("SON UNOS MALPARIDOS, ¿Y MI CERTIFICADO QUÉ? bit.ly/x")
    with translation.override("en"):
        english = shown(reasons)
    with translation.override("es"):
        assert shown(reasons) == reasons
    assert "contains an insult: «malparidos»" in english
    assert "has a question mark" in english and "written in capitals" in english
    assert not any("contiene" in r or "tiene signo" in r for r in english)
    account = "enlace acortado + cuenta nueva + cuenta sin foto"
    with translation.override("en"):
        assert shown([account]) == ["shortened link + new account + account without a picture"]
