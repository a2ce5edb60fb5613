"""Each spam and abuse rule: messages that must trigger it and citizens' messages that must
not (a photo link, the institution's own site, an angry complaint with profanity,
criticism of the mayor by name)."""

import numpy as np
import pytest

from dialogo.triage.ml import guard

NEW_BARE = {"account_age_days": 2, "has_avatar": False, "followers": 0, "history": 0}
KNOWN = {"account_age_days": 900, "has_avatar": True, "followers": 300, "history": 4}


def spam_codes(text, links=None, meta=None, own=()):
    return [e.code for e in guard.spam_evidence(text, links, meta, own)]


def abuse_codes(text):
    return [e.code for e in guard.abuse_evidence(text)]


# --- links never make spam by themselves ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "links", "meta"),
    [
        # A citizen's photo on X: every link in the text is t.co; the network gives the target.
        (
            "@AlcaldiaBogota el hueco de la 68 ya se tragó una moto https://t.co/Ab12Cd34",
            ["https://x.com/vecina/status/1788/photo/1"],
            NEW_BARE,
        ),
        # The institution's own site, from a brand-new account.
        ("Lo dice aquí https://www.bogota.gov.co/tramites/123", None, NEW_BARE),
        # A news link, a map, a short link with no target given, capitals, hashtags, emoji.
        ("MIREN ESTO 😡 #SinAgua https://www.eltiempo.com/bogota/agua-123", None, KNOWN),
        ("Aquí queda el hueco https://maps.app.goo.gl/xYz", None, NEW_BARE),
        ("Vean la foto del caño, qué asco https://t.co/Zz9", None, NEW_BARE),
    ],
)
def test_a_link_is_not_spam_by_itself(text, links, meta):
    assert spam_codes(text, links, meta, own=("bogota.gov.co",)) == []


def test_link_reasons_name_the_target_for_the_citizen():
    reasons = guard.link_reasons(
        "Ver https://www.bogota.gov.co/x y https://t.co/a",
        ["https://pbs.twimg.com/media/F1.jpg"],
        own_domains=("bogota.gov.co",),
    )
    assert [(e.code, dict(e.args)) for e in reasons] == [
        ("link_own_domain", {"target": "bogota.gov.co"}),
        ("link_photo", {"target": "pbs.twimg.com"}),
    ]


def test_a_short_link_counts_as_the_target_the_network_gave():
    facts = guard.link_facts("mire https://t.co/abc", ["https://www.semana.com/nota"])
    assert (facts.short, facts.public, facts.unknown) == ((), ("semana.com",), ())


# --- spam rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "💰 Gana hasta $300.000 diarios desde tu celular, escríbeme al WhatsApp 3105551234",
            "easy_money",
        ),
        (
            "Invierte en USDT y multiplica tus ganancias 20% semanal 👉 https://t.me/x",
            "crypto_offer",
        ),
        ("Préstamos sin fiador para reportados, info al 3205551234", "loan_offer"),
        ("fotos hot en mi perfil 🔞", "porn_bait"),
        ("Compra seguidores reales y likes baratos", "followers_for_sale"),
        ("Felicidades! has sido seleccionado, reclama tu premio https://bit.ly/x", "prize_scam"),
        ("Vendemos llantas al por mayor, pedidos por WhatsApp 3124445566", "commercial_offer"),
        ("Tu cuenta será suspendida, verifica tu cuenta aquí https://x.example", "phishing"),
    ],
)
def test_offers_and_scams_are_spam(text, code):
    assert code in spam_codes(text, meta=KNOWN)


@pytest.mark.parametrize(
    "text",
    [
        # Citizens who quote or warn about a scam.
        "Me llegó un mensaje: 'has sido seleccionado, reclama tu premio' ¿eso es de ustedes?",
        "Cuidado vecinos, ofrecen préstamos sin fiador a nombre de la alcaldía, es estafa",
        # Money, loans and prizes in an ordinary request.
        "¿Cuándo sale el crédito del ICETEX? Necesito la plata para la matrícula",
        "Los vendedores ganamos plata al día y la policía nos quita todo",
        "¿El sorteo de vivienda de interés social cuándo es?",
        "No me aplicaron el descuento del predial, mi cel es 3101234567",
    ],
)
def test_money_words_in_a_citizens_message_are_not_spam(text):
    assert spam_codes(text, meta=NEW_BARE) == []


def test_link_only_post_needs_a_bare_new_account_without_history():
    text = "👉 https://bit.ly/promo"
    assert spam_codes(text, meta=NEW_BARE) == ["link_only_new_account"]
    assert spam_codes(text, meta=KNOWN) == []
    assert spam_codes(text, meta={**NEW_BARE, "history": 3}) == []
    assert spam_codes(text, meta=None) == []
    # A photo (the network gave its target) from a new account is a citizen's photo.
    assert (
        spam_codes("@Alcaldia 📸 https://t.co/a", ["https://pbs.twimg.com/a.jpg"], NEW_BARE) == []
    )


def test_same_text_from_many_accounts_needs_a_sign_of_a_campaign():
    text = "Descuentos increíbles solo por hoy, no te lo pierdas https://promo.example"
    assert "same_text_many_accounts" in spam_codes(text, meta={**KNOWN, "same_text_accounts": 8})
    petition = "Exigimos que arreglen la vía de la vereda El Salitre, ya van dos años"
    assert spam_codes(petition, meta={**KNOWN, "same_text_accounts": 40}) == []
    assert spam_codes(text, meta={**KNOWN, "same_text_accounts": 2}) == []


# --- abuse rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "qué mierda de servicio, tres días sin agua",
        "Alcalde, jueputa, otra vez sin luz en Manrique",
        "esta vía está hp, manden a alguien",
        "@Alcaldia qué vida tan hp, 2 horas en el trancón",
        "El alcalde Ramírez es un incompetente, renuncie",
        "los funcionarios de la secretaría son unos ineptos",
        "hay ratas en el caño y basura por todas partes",
        "una perra callejera mordió a mi hijo",
        "la obra causó la muerte a un motociclista",
        "marica, otra vez se fue el agua",
        "eres el puto amo, gracias por la respuesta",
        "no dejen que se mueran los árboles del parque",
    ],
)
def test_anger_profanity_and_criticism_are_not_abuse(text):
    assert abuse_codes(text) == []


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("alcalde hp, renuncie", "alcalde"),
        ("ustedes son unos malparidos ladrones", "ustedes"),
        ("esos concejales son unas ratas", "concejales"),
        ("el secretario es una basura", "secretario"),
        ("@Alcaldia es un gonorrea", "usuario"),
        ("estúpidos, ni una respuesta", "vocative"),
        ("imbécil de mierda", "vocative"),
        ("la funcionaria es una idiota", "funcionaria"),
    ],
)
def test_insult_aimed_at_a_person_is_abuse_naming_words_and_target(text, target):
    found = guard.abuse_evidence(text)
    assert [e.code for e in found] == ["insult_at"]
    assert found[0].args["target"] == target


@pytest.mark.parametrize(
    "text",
    ["te vamos a matar sapo", "sabemos dónde vive, alcalde", "ojalá se mueran esos políticos"],
)
def test_threats_are_abuse(text):
    assert "threat" in abuse_codes(text)


def test_slur_against_a_group_is_abuse():
    assert abuse_codes("venecos de mierda, sáquenlos del barrio") == ["slur"]
    assert abuse_codes("los venezolanos del semáforo necesitan ayuda") == []


# --- the decision --------------------------------------------------------------------------

CLASSES = ["abuso", "comentario", "queja", "spam"]


def test_model_spam_without_evidence_is_held_back():
    decision = guard.decide(CLASSES, np.array([0.0, 0.1, 0.1, 0.8]), [], [])
    assert (decision.label, decision.held_back) == ("comentario", "spam")
    assert decision.confidence == pytest.approx(0.5)


def test_evidence_applies_the_label_at_or_above_its_threshold():
    found = guard.abuse_evidence("alcalde hp, renuncie")
    decision = guard.decide(CLASSES, np.array([0.05, 0.05, 0.85, 0.05]), [], found)
    assert decision.label == "abuso" and decision.confidence >= guard.ABUSE_MIN


def test_weak_evidence_below_the_threshold_is_not_applied():
    weak = [guard.Evidence("spam", "same_text_many_accounts", {}, 0.5)]
    decision = guard.decide(CLASSES, np.array([0.1, 0.5, 0.3, 0.1]), weak, [])
    assert decision.label == "comentario"
