"""Polarity cues: positive and negative words, negation and intensifiers.

A small hand-written lexicon of everyday Spanish (Colombian first) that tells the model
how a message feels even when its exact words never appeared in the training data: "no
me gustó" counts as a negated positive, "muy mala" as a strong negative. It matters most
with little training data (a few hundred labelled messages).

Entries of five letters or more are stems (``decepcion`` matches "decepcionado",
"decepcionante"); shorter ones match the whole word only (``mal`` is not "maleta").
Everything is written on normalised text (:mod:`normalize`: lowercase, no accents, emoji
as mood tokens).

One implementation serves a batch and a single message: each token gets a code from a
per-process cache, then the counts per message are numpy operations over the batch.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from itertools import repeat

import numpy as np

from dialogo.triage.ml.normalize import tokenize_docs

POSITIVE = """
abrazo abrazos acertad admir ador afortunad agradab agradec agradezco alegr alivi amabl
amable amor amores animo apasionad aplaud aplauso aport apoyo aprecio bacan bacano belleza
bella bello bendic bendito bendita beneficio bien bienvenid bonit bravo brillant buen buena
buenas bueno buenos buenisim calidez campeon carino carinos celebr chevere chimbita comod
compart comprensi confiable contenta contento contentos cool crack cumpli cumplio cumplieron
delicios disfrut divert dulce eficaz eficien eleg emocionad encant encanta enhorabuena
entusiasm esperanz espectacular estupend exito exitos excelent exquisit fabulos facil
fantastic favorit felic feliz fenomenal fiel fortalec ganador genial genio gloria gracias
grandioso guapa guapo guapisim gusta gusto gustan gustaron gusto honest honor ilusion
impecable impresionant increibl inspir interesant joya jaja justo lind linda lindo logr
logro logros luz magnific maravill mejor mejora mejoro mejores merec mola molon motiv
orgull paz perfect placer precios premio privilegi progres prosper querid quiero recomiend
regalo respet rico risa sabros salud satisf seguro sonris sorprendent suerte super superb
tranquil triunf unidos util utiles valient valios vamos victori viva wow top solidari
ayudaron ayudo resolv resolvieron solucion solucionaron puntual oportun agil diligen
amigo amigos amiga amigas abrazar besos beso fiesta celebra ganas ganamos ganaron
disfruta sonrie sonreir reir alegria hermos preciosa precioso cielo suerte bendicion
emopos emoamor emoaplauso emorisa
acogedor adorabl adoro adora apoya apoyamos bendec chimba confianz divin elogi
emocionant esplendid excepcional extraordinari fascin formidabl gozo goza gozar gratitud
grato grata incomparabl ingenios inolvidabl lujo magic milagro noble optimis perfecc
placent plenitud positiv radiant recomend relaj resuelt sensacional servicial simpatic
sobresalient tiern ternur gracios amistad gano ganar avance avances rapid recuper
love good nice happy best great thanks thank
"""

NEGATIVE = """
abandon abuso abusiv aburr acos agobi agresi amargad amenaz angusti ansied apesta arrepent
asco asquer asesin atraco atropell atroz basura burla cabrea cagad caos castig catastrof
cochin corrupt crisis cruel culpa dano danin danad decepcion defraud delincu delito demora
demoran demoro denunc deplorabl depresi deprim derrot desastr desagrad descaro desespera
desgraci deshonest desilusion desorden desprec destroz destru detest dificil dolor duele
duelo enferm engan enojad enojo error errores escandal estafa estres estupid falla fallas
fallo falso falsa fatal feo fea feos feas fracas fraude frustr furios golpe grave guerra
hambre harto harta hartos herid horribl horror humill idiot ignoran ilegal impotenc inacept
incompeten incumpl indign ineficien inept injust inseguridad insoport insult inutil ira
jarter lament lastim lento lenta llorar lloro mal mala malas malo malos maldit maltrat
mamera matar mataron mentir mentira mentiros mierda miedo miseri molest morir muerte
muerto muertos murio nefast negligen nervios odio odios odiar ofens olvidad paila pelig
pena penoso peor pesad pesim pierd plaga pobre podrid preocup problema problemas protest
puta queja quejas quejo rabia ratas ridicul robo robar roban robaron ruin sufr susto
terribl temor tonteria tortur traicion traidor tragedi trist triste tristeza vergonz
verguenz violenc violacion vomit cobard ladron ladrones sinverguenz criminal nunca
llora perdi perdimos perdida fallec enfermo enferma dolido dolida tristes lloran cansad
aburrid pesadilla abandonad asustad insegur preocupante grave lamentabl
emotriste emoenojo
abusad abusan agotad amargur antipatic apatia arruin atrasad atraso bronca bajon bobo
boba bobos bruto cansanc carisim colaps conflict congest contamin corrupc crimen decadent
deficien desaparecid descontent descuid desempleo deshumaniz desigual disgust egoist
empeor enfad espant exasper extorsion fastidi groser hipocr hostil ignorad impunid incapac
incapaz incomod inconform indiferen infeliz infierno inhuman insatisf intolerabl irrespet
irrespons lagrim lentitud machis malestar malgast manipul masacr mediocr menospreci
miserab muere mueren negativ opresi panico patetic perjudic pervers porqueria precari
prepoten putas putos puto rechaz reclam repudi retras robos sangrient secuestr suicid
terror tiran torpe toxic tramp trancon traum vago vaga vagos vandal venganza victim vil
xenofob racis homofob maluc gonorrea malparid chimbo
hate sad bad worst fuck shit wtf sucks
"""

NEGATORS = frozenset("no nunca ni jamas tampoco sin nada nadie ningun ninguna ninguno".split())
INTENSIFIERS = frozenset(
    "muy mas tan super demasiado demasiada bastante re tremendo tremenda mucho mucha "
    "muchisimo totalmente completamente absolutamente sumamente".split()
)
#: Tokens that end a negation's reach ("no vino, pero gracias": "gracias" is not negated).
BREAKS = frozenset("! ? pero sino aunque".split())
#: How many tokens after a negator are negated.
SCOPE = 3

# Token codes.
NONE, POS, NEG, NEGATOR, INTENSIFIER, BREAK, SEPARATOR = range(7)
N_FEATURES = 8
NAMES = (
    "polaridad:positivo",
    "polaridad:negativo",
    "polaridad:positivo_negado",
    "polaridad:negativo_negado",
    "polaridad:balance",
    "polaridad:domina_positivo",
    "polaridad:domina_negativo",
    "polaridad:sin_polaridad",
)


def _matcher(entries: str) -> tuple[frozenset[str], re.Pattern[str]]:
    words = entries.split()
    exact = frozenset(w for w in words if len(w) < 5)
    stems = sorted({w for w in words if len(w) >= 5}, key=len, reverse=True)
    return exact, re.compile("(?:" + "|".join(map(re.escape, stems)) + ")")


_POS = _matcher(POSITIVE)
_NEG = _matcher(NEGATIVE)


def code_of(token: str) -> int:
    """The polarity code of one normalised token (``"\\n"`` separates messages)."""
    if token == "\n":
        return SEPARATOR
    if token in BREAKS:
        return BREAK
    if token in NEGATORS:
        return NEGATOR
    if token in INTENSIFIERS:
        return INTENSIFIER
    for code, (exact, stems) in ((NEG, _NEG), (POS, _POS)):
        if token in exact or stems.match(token):
            return code
    return NONE


_CACHE: dict[str, int] = {}
_CACHE_MAX = 200_000
_LOCK = threading.Lock()


def codes(flat: Sequence[str]) -> np.ndarray:
    """Code of every token of ``flat`` (a cached dictionary look-up per token)."""
    out = np.fromiter(map(_CACHE.get, flat, repeat(-1)), dtype=np.int8, count=len(flat))
    missing = np.flatnonzero(out < 0)
    if len(missing):
        new = {flat[i]: code_of(flat[i]) for i in missing}
        with _LOCK:
            if len(_CACHE) + len(new) > _CACHE_MAX:
                _CACHE.clear()
            _CACHE.update(new)
        out[missing] = [new[flat[i]] for i in missing]
    return out


def features(flat: Sequence[str], n_docs: int, code: np.ndarray | None = None) -> np.ndarray:
    """(n_docs x :data:`N_FEATURES`) polarity features of a batch.

    ``flat`` is the batch's tokens with ``"\\n"`` between messages (``Tokens.flat``). A
    polar word is negated when a negator precedes it by at most :data:`SCOPE` tokens with
    no break in between, and counts 1.5 after an intensifier. Columns: positive, negative,
    negated positive, negated negative (each ``log1p`` of its weighted count), their
    balance, and three flags: positive dominates, negative dominates, no polar word.
    ``code`` may give :func:`codes` of ``flat`` already looked up (the vectoriser's table).
    """
    out = np.zeros((n_docs, N_FEATURES))
    if not len(flat):
        out[:, 7] = 1.0
        return out
    code = codes(flat) if code is None else code
    doc = np.cumsum(code == SEPARATOR)
    negated = _negation(code)[0]
    weight = np.ones(len(code))
    weight[1:][code[:-1] == INTENSIFIER] = 1.5
    polar = (code == POS) | (code == NEG)
    column = np.where(code == POS, 0, 1) + 2 * negated
    slot = (doc * 4 + column)[polar]
    out[:, :4] = np.bincount(slot, weight[polar], minlength=4 * n_docs).reshape(n_docs, 4)
    pos = out[:, 0] + out[:, 3]
    neg = out[:, 1] + out[:, 2]
    out[:, 4] = pos - neg
    out[:, 5] = pos > neg
    out[:, 6] = neg > pos
    out[:, 7] = (pos + neg) == 0
    out[:, :5] = np.sign(out[:, :5]) * np.log1p(np.abs(out[:, :5]))
    return out


def _negation(code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which tokens are negated, and the position of the negator reaching each (or -1)."""
    position = np.arange(len(code))
    last_break = np.where((code == BREAK) | (code == SEPARATOR), position, -1)
    last_break = np.maximum.accumulate(last_break)
    negator = code == NEGATOR
    # A negator inside another's reach ("no me gustó nada") does not extend it.
    before = np.concatenate([[-1], np.maximum.accumulate(np.where(negator, position, -1))[:-1]])
    chained = negator & _within(before, last_break, position)
    last_start = np.maximum.accumulate(np.where(negator & ~chained, position, -1))
    return _within(last_start, last_break, position) & ~negator, last_start


def negated_phrases(norm: str) -> list[tuple[int, str]]:
    """Each negated polar word of one normalised message, as (its code, "no me gusto")."""
    tokens = norm.split()
    if not tokens:
        return []
    code = codes(tokens)
    negated, start = _negation(code)
    found = np.flatnonzero(negated & ((code == POS) | (code == NEG)))
    return [(int(code[i]), " ".join(tokens[start[i] : i + 1])) for i in found]


def _within(negator: np.ndarray, last_break: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Whether each position is within :data:`SCOPE` tokens after ``negator``, no break between."""
    return (negator > last_break) & (position - negator <= SCOPE)


def of_texts(norms: Sequence[str]) -> np.ndarray:
    """:func:`features` of normalised messages given as strings."""
    tokens = tokenize_docs(norms)
    return features(tokens.flat, tokens.count)
