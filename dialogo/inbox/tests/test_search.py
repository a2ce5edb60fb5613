import random
import re
import unicodedata

import snowballstemmer

from dialogo.conftest import make_conversation
from dialogo.inbox import search
from dialogo.inbox.models import Conversation

STEMMER = snowballstemmer.stemmer("spanish")


def _reference_terms(text: str) -> list[str]:
    """The definition of the terms, written the slow, obvious way: the whole text lower
    cased and decomposed, accents dropped but ñ kept, words of a-z 0-9 ñ under 40
    characters, each stemmed by Snowball Spanish, ñ written n."""
    folded = text.lower().replace("ñ", "\0")
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
    ).replace("\0", "ñ")
    words = [w for w in re.findall("[a-z0-9ñ]+", folded) if len(w) < 40]
    return [STEMMER.stemWord(w).replace("ñ", "n") for w in words]


def test_terms_follow_their_definition_whatever_the_characters():
    texts = [
        "¿Cómo RENUEVO la licencia? Gracias!!",
        "Señora Muñoz, el año pasado pagué 120.000 en la calle 45#12-30",
        "@vecino1234 #PicoYPlaca ﬁnal Straße ½ café İstanbul",
        "a" * 45 + " palabra " + "b" * 39,
        "texto con 漢字 y emoji 🚦, ａｎｃｈｏ１２ y ㎞",
        "",
        "   ",
    ]
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(32, 0x3000)] + list("aeiouáéíóúñÑ ,.¿?0123456789") * 40
    alphabet += [chr(c) for c in range(0x3000, 0x10000, 97)]  # beyond the precomputed table
    texts += ["".join(rng.choices(alphabet, k=rng.randrange(60))) for _ in range(3000)]
    for text in texts:
        assert search.terms(text) == _reference_terms(text), repr(text)
        assert search.document(text) == " ".join(dict.fromkeys(_reference_terms(text)))


def test_terms_fold_accents_and_plurals():
    assert search.terms("Trámites PASAPORTES") == search.terms("tramite pasaporte")


def test_search_finds_accents_plurals_and_author(channel, org):
    a = make_conversation(channel, "Necesito información sobre los pasaportes", name="Marleny Ruíz")
    b = make_conversation(channel, "Pregunta por el RUT y los impuestos", who="otro@example.com")
    base = Conversation.objects.filter(organization=org)
    assert list(search.filter_conversations(base, "pasaporte informacion")) == [a]
    assert list(search.filter_conversations(base, "impuesto")) == [b]
    assert list(search.filter_conversations(base, "ruiz")) == [a]
    assert list(search.filter_conversations(base, "inexistente")) == []


def test_search_ignores_query_syntax(channel, org):
    make_conversation(channel, "hola")
    base = Conversation.objects.filter(organization=org)
    assert list(search.filter_conversations(base, '"OR * NEAR( -- ;')) == []
