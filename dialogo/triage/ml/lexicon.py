"""Explainable rules: insults, spam patterns and cues of each PQRSD type.

Every rule matches normalised text (see :mod:`normalize`) and carries a short Spanish
reason shown to staff. The hits also feed the model as features, one column per group.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from dialogo.triage.ml import polarity
from dialogo.triage.ml.normalize import clean_unicode, normalize

# Insults aimed at someone: Colombian first, then common Spanish-wide ones (normalised:
# no accents, elongations collapsed, "hijueputa"/"hpta" already folded into "hp").
INSULTS = (
    "gonorrea",
    "hp",
    "hdp",
    "hijo de puta",
    "hijos de puta",
    "hijo e puta",
    "malparido",
    "malparida",
    "malparidos",
    "malparidas",
    "gueva",
    "guevon",
    "guevona",
    "guevones",
    "huevon",
    "huevona",
    "huevones",
    "weon",
    "webon",
    "pirobo",
    "piroba",
    "pirobos",
    "carechimba",
    "careverga",
    "caremonda",
    "care monda",
    "mamaguevo",
    "mamahuevo",
    "mamerto",
    "mamertos",
    "malnacido",
    "malnacidos",
    "lambon",
    "lambones",
    "sapo hp",
    "perra",
    "perras",
    "zorra",
    "puta",
    "putas",
    "imbecil",
    "imbeciles",
    "idiota",
    "idiotas",
    "estupido",
    "estupida",
    "estupidos",
    "pendejo",
    "pendeja",
    "pendejos",
    "tarado",
    "tarados",
    "retrasado",
    "retrasados",
    "subnormal",
    "gilipollas",
    "cabron",
    "cabrones",
    "capullo",
    "culero",
    "cacorro",
    "maricon",
    "maricones",
    "basura",
    "escoria",
    "ratas",
    "rata",
    "parasito",
    "parasitos",
    "inutil",
    "inutiles",
    "bruto",
    "bruta",
    "animal",
    "asqueroso",
    "asquerosos",
    "payaso",
    "payasos",
    "sinverguenza",
    "sinverguenzas",
    "lagarto",
    "lagartos",
    "come mierda",
    "comemierda",
    "chupamedias",
    "vendepatria",
    "mongolico",
    "mongolo",
    "tonto",
    "tonta",
    "tontos",
    "gordo",
    "gorda",
    "cerdo",
    "cerda",
    "guarra",
    "mamon",
    "payasa",
    "cansino",
    "hipocrita",
    "hipocritas",
    "ridiculo",
    "ridicula",
    "patetico",
    "patetica",
    "asquerosa",
    "ignorante",
    "ignorantes",
    "puto",
    "putos",
    "feo",
    "fea",
    "loca",
    "vago",
    "vagos",
    "inepto",
    "ineptos",
    "incompetente",
    "incompetentes",
    "lacra",
    "lacras",
)
# Vulgar words that are often just emphasis ("qué mierda de servicio", "marica, ayuda").
VULGAR = (
    "mierda",
    "marica",
    "verga",
    "monda",
    "chimba",
    "carajo",
    "joder",
    "jodido",
    "jodidos",
    "culo",
    "coño",
    "pinche",
    "chingada",
    "huevonada",
    "guevonada",
    "putamadre",
    "puta madre",
    "que putas",
    "berraco",
    "verraco",
    "hostia",
    "hostias",
    "ostia",
    "ostias",
    "cojones",
    "cojon",
    "polla",
    "me cago",
    "follar",
    "coñazo",
    "mierdas",
    "puta vida",
    "jueputa vida",
    "malparida vida",
    "jodete",
    "jodanse",
    "chingar",
    "vale verga",
    "mamando gallo",
)

# Words naming a group of people: insults aimed at a group (OffendES "OFG") use them.
GROUP_WORDS = (
    "feministas",
    "feminazis",
    "gays",
    "gais",
    "maricones",
    "moros",
    "negros",
    "sudacas",
    "panchitos",
    "gitanos",
    "inmigrantes",
    "migrantes",
    "venecos",
    "veneco",
    "mujeres",
    "hombres",
    "catalanes",
    "españoles",
    "colombianos",
    "rojos",
    "fachas",
    "progres",
    "mamertos",
    "uribestias",
    "petristas",
    "politicos",
    "indios",
    "lesbianas",
    "trans",
    "musulmanes",
    "judios",
)
# Second-person forms: an insult next to one is aimed at the reader (OffendES "OFP").
SECOND_PERSON = (
    "eres",
    "sos",
    "tu",
    "te",
    "ti",
    "usted",
    "ustedes",
    "vete",
    "largate",
    "callate",
    "callese",
    "tienes",
    "estas",
    "vos",
)

_SPAM = {
    "urlcorta": "enlace acortado",
    "gana dinero": "promete dinero fácil",
    "gana plata": "promete dinero fácil",
    "ganar dinero": "promete dinero fácil",
    "dinero facil": "promete dinero fácil",
    "ingresos desde casa": "promete dinero fácil",
    "trabaja desde casa": "promete dinero fácil",
    "desde tu celular": "promete dinero fácil",
    "multiplica tu dinero": "promete dinero fácil",
    "inversion garantizada": "ofrece inversiones o cripto",
    "bitcoin": "ofrece inversiones o cripto",
    "btc": "ofrece inversiones o cripto",
    "cripto": "ofrece inversiones o cripto",
    "criptomonedas": "ofrece inversiones o cripto",
    "usdt": "ofrece inversiones o cripto",
    "forex": "ofrece inversiones o cripto",
    "trading": "ofrece inversiones o cripto",
    "onlyfans": "cebo pornográfico",
    "contenido 0": "cebo pornográfico",
    "xxx": "cebo pornográfico",
    "nudes": "cebo pornográfico",
    "fotos hot": "cebo pornográfico",
    "videos hot": "cebo pornográfico",
    "chicas solteras": "cebo pornográfico",
    "chicas calientes": "cebo pornográfico",
    "webcam": "cebo pornográfico",
    "emosexy": "cebo pornográfico",
    "mi perfil": "invita a ver un perfil",
    "link en mi bio": "invita a ver un perfil",
    "enlace en mi bio": "invita a ver un perfil",
    "en mi bio": "invita a ver un perfil",
    "compra seguidores": "vende seguidores",
    "comprar seguidores": "vende seguidores",
    "seguidores reales": "vende seguidores",
    "seguidores baratos": "vende seguidores",
    "likes baratos": "vende seguidores",
    "sigueme y te sigo": "pide seguimiento mutuo",
    "te sigo de vuelta": "pide seguimiento mutuo",
    "sdv": "pide seguimiento mutuo",
    "followback": "pide seguimiento mutuo",
    "haz clic": "pide hacer clic",
    "da clic": "pide hacer clic",
    "click aqui": "pide hacer clic",
    "clic aqui": "pide hacer clic",
    "ganaste": "anuncia un premio",
    "has sido seleccionado": "anuncia un premio",
    "reclama tu premio": "anuncia un premio",
    "sorteo": "anuncia un premio",
    "escribeme al dm": "pide escribir por privado",
    "escribeme al privado": "pide escribir por privado",
    "al interno": "pide escribir por privado",
    "whatsapp numlargo": "deja un teléfono para negocios",
    "prestamos": "ofrece préstamos",
    "credito inmediato": "ofrece préstamos",
}

# Cues for each request type: (pattern over normalised text, reason).
_CUES: dict[str, tuple[tuple[str, str], ...]] = {
    "pregunta": (
        (
            # "lo que son", "el que se", "la que es": a relative, not a question.
            r"(?<!\blo )(?<!\bel )(?<!\bla )(?<!\blos )(?<!\blas )"
            r"\b(como|donde|cuando|cuanto|cuanta|cuantos|cual|cuales|que) (hago|puedo|debo|se|"
            r"cuesta|vale|tengo|es|son|necesito|requisitos|tramite|dias|demora|tarda)\b",
            "hace una pregunta sobre un trámite",
        ),
        (
            r"\b(alguien sabe|me pueden decir|me podrian decir|me pueden informar|me podrian "
            r"informar|me explican|quisiera saber|queria saber|me gustaria saber|una pregunta|"
            r"una consulta|una duda|tengo una duda)\b",
            "hace una pregunta",
        ),
        (r"\bse puede\b|\bes posible\b|\bes necesario\b|\bhay que\b.*\?", "hace una pregunta"),
    ),
    "peticion": (
        (r"\bderecho de peticion\b", "invoca el derecho de petición"),
        (
            r"\b(solicito|solicitamos|pido|pedimos|exigimos|les pido|les solicito|requiero) "
            r"(que|se|el favor|respetuosamente que|amablemente que|su intervencion|una cita|"
            r"la revision|revisar|intervenir|arreglar)\b",
            "pide una actuación",
        ),
        (
            r"\b(necesito que|necesitamos que|por favor (arreglen|revisen|ayudenme|ayuden|"
            r"intervengan|instalen|pongan|manden|envien a))\b",
            "pide una actuación",
        ),
        (
            # An order to the institution opening the message: "tapen el hueco…",
            # "agéndenme la cita…", "será que me pueden cambiar…".
            r"^(favor |por favor |porfa |senores |oigan )?(arreglen|tapen|revisen|manden|envien|"
            r"pongan|quiten|limpien|recojan|poden|reparen|instalen|cambien|cambienme|agenden|"
            r"agendenme|asignen|asignenme|programen|habiliten|activen|actualicen|corrijan|"
            r"incluyan|incluyanme|inscribanme|atiendan|agilicen|vengan|hagan|colaboren|"
            r"ayudenme|ayudennos|expidan|resuelvan|saquen|pavimenten|fumiguen|iluminen)\b"
            r"|\b(sera que|seria posible que|podrian|me pueden|nos pueden|me podrian) "
            r"(me |nos |le )?(cambiar|asignar|agendar|reprogramar|incluir|inscribir|arreglar|"
            r"revisar|ayudar|enviar a|mandar a|dar una cita|atender|visitar|ampliar)\b",
            "pide una actuación",
        ),
    ),
    "informacion": (
        (
            r"\b(copia|copias|certificado|certificacion|constancia|acta|expediente|"
            r"documento|documentos|soporte|soportes|paz y salvo|historia clinica|registro)\b"
            r".{0,40}\b(de|del|donde)\b",
            "pide un documento",
        ),
        (
            r"\b(solicito|solicitamos|requiero|pido|necesito|agradezco) (copia|copias|el|la|los|"
            r"las)? ?(informacion|copia|certificado|relacion|listado|datos|cifras|estadisticas|"
            r"contratos|presupuesto)\b",
            "pide información pública",
        ),
        (
            r"\b(enviar|envien|remitir|remitan|expedir|expidan|me manden)\b.{0,30}\b(copia|"
            r"certificado|constancia|documento|informacion)\b",
            "pide un documento",
        ),
    ),
    "queja": (
        (r"\b(queja|quejarme|quejo|inconformidad)\b", "expresa una queja"),
        (
            r"\b(pesimo|pesima|mal|mala|malisimo|terrible|horrible|deficiente|lamentable) "
            r"(servicio|atencion|trato)\b",
            "se queja de la atención",
        ),
        (
            r"\b(nadie (contesta|responde)|no (contestan|responden|atienden|dan respuesta)|"
            r"nunca (contestan|responden)|me trataron mal|grosero|grosera|groseros|una "
            r"verguenza|es el colmo|que falta de respeto)\b",
            "se queja de la atención",
        ),
        (r"\b(llevo|llevamos|hace) 0 (dias|semanas|meses|horas)\b", "se queja de la demora"),
    ),
    "reclamo": (
        (r"\b(reclamo|reclamacion|reclamar)\b", "presenta un reclamo"),
        (
            r"\b(me cobraron|cobro doble|doble cobro|cobro indebido|me descontaron|"
            r"devuelvan|devolucion|reembolso|reintegro|me deben|no me han pagado|pague y|"
            r"ya pague|pagué)\b",
            "reclama por un cobro o un pago",
        ),
        (
            r"\b(exijo|exigo|exigimos) .{0,40}\b(solucion|respuesta|devolucion|pago|"
            r"arreglo|cumplimiento)\b",
            "exige una solución",
        ),
    ),
    "sugerencia": (
        (
            r"\b(sugiero|sugerimos|sugerencia|propongo|proponemos|propuesta|recomiendo|"
            r"recomendacion)\b",
            "hace una sugerencia",
        ),
        (
            r"\b(deberian|podrian|seria bueno|seria ideal|seria genial|seria util|ojala "
            r"(pusieran|hubiera|pudieran|habilitaran)|por que no (ponen|habilitan|hacen|crean))\b",
            "propone una mejora",
        ),
    ),
    "denuncia": (
        (
            r"\b(denuncio|denunciar|denuncia|denunciamos|quiero denunciar)\b",
            "denuncia una irregularidad",
        ),
        (
            r"\b(corrupcion|corrupto|corruptos|soborno|sobornos|coima|mordida|serrucho|"
            r"peculado|cohecho|chanchullo|trafico de influencias|contratos amanados|"
            r"clientelismo|robando|se robaron|desfalco)\b",
            "habla de corrupción o soborno",
        ),
        (
            r"\b(me pidio|me pidieron|pidiendo|cobrando|cobran) (plata|dinero|0|una "
            r"propina|un billete)\b",
            "cuenta que le pidieron dinero",
        ),
    ),
    "felicitacion": (
        (
            r"\b(felicito|felicitaciones|felicitar|felicidades|excelente|muy amables|"
            r"buen servicio|excelente servicio|excelente atencion|muy buena atencion|"
            r"los felicito|bien hecho|que orgullo)\b",
            "felicita a la entidad",
        ),
        (r"\b(gracias|agradezco|agradecemos|agradecido|agradecida|mil gracias)\b", "agradece"),
    ),
}

_SENTIMENT = {
    "positivo": r"\b(gracias|excelente|feliz|felicito|bien|buenisimo|genial|amables|"
    r"maravilla|orgullo|bendiciones|encanta|emopos|emoamor|emoaplauso|emorisa)\b",
    "negativo": r"\b(pesimo|pesima|horrible|terrible|verguenza|rabia|asco|indignante|"
    r"indignado|indignada|cansado|cansada|harto|harta|nunca|peor|mal|mala|triste|"
    r"lamentable|emotriste|emoenojo|no sirve|no funciona)\b",
}

#: Readable Spanish names of the shipped labels, for explanations.
LABEL_NAMES = {
    "pregunta": "pregunta",
    "peticion": "petición",
    "informacion": "solicitud de información",
    "queja": "queja",
    "reclamo": "reclamo",
    "sugerencia": "sugerencia",
    "denuncia": "denuncia",
    "felicitacion": "felicitación",
    "comentario": "comentario",
    "abuso": "abuso",
    "spam": "spam",
    "positivo": "positivo",
    "neutro": "neutro",
    "negativo": "negativo",
    "ofensivo": "ofensivo",
    "no_ofensivo": "no ofensivo",
}

#: Frequent function words (normalised, no accents): never quoted as a reason by themselves.
FUNCTION_WORDS = frozenset(
    """
    que los las del por con para una uno unos unas como mas pero sus les este esta esto estos
    estas ese esa eso esos esas ese ahi aqui alla muy sin sobre entre hasta desde cuando donde
    quien cual cuales porque pues tan tambien solo ser son era fue han hay hoy ayer ya aun asi
    nos ustedes usted ellos ellas el ella yo tu mi mis tus su al lo le se si no ni o u y e a de
    en la un es me te va van vez ver sea sean todo toda todos todas otro otra otros otras
    the and you
    """.split()
)


GROUPS = (
    "insulto",
    "vulgar",
    "spam",
    "cuenta",
    *_CUES,
    *_SENTIMENT,
    "gritos",
    "pregunta_signo",
    "colectivo",
    "segunda_persona",
)


@dataclass(frozen=True)
class Hit:
    """One rule that matched: its group (a feature column) and the reason shown to staff."""

    group: str
    reason: str


def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of ``words`` as whole words."""
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


_INSULT_RE = _words_pattern(INSULTS)
_VULGAR_RE = _words_pattern(VULGAR)
_SPAM_RE = _words_pattern(tuple(_SPAM))
_CUE_RES = {group: [(re.compile(p), r) for p, r in cues] for group, cues in _CUES.items()}
_SENTIMENT_RES = {group: re.compile(p) for group, p in _SENTIMENT.items()}


def _word_hits(norm: str) -> list[Hit]:
    """Insults, vulgarities and spam phrases, each quoting what matched."""
    hits = [Hit("insulto", f"contiene insulto: «{m.group()}»") for m in _INSULT_RE.finditer(norm)]
    hits += [Hit("vulgar", f"lenguaje vulgar: «{m.group()}»") for m in _VULGAR_RE.finditer(norm)]
    hits += [Hit("spam", _SPAM[m.group()]) for m in _SPAM_RE.finditer(norm)]
    return hits


def _cue_hits(norm: str) -> list[Hit]:
    """The first matching cue of each PQRSD type and the sentiment words."""
    hits = []
    for group, rules in _CUE_RES.items():
        reason = next((r for pattern, r in rules if pattern.search(norm)), None)
        if reason:
            hits.append(Hit(group, reason))
    for group, pattern in _SENTIMENT_RES.items():
        found = pattern.search(norm)
        if found:
            hits.append(Hit(group, f"palabra {group[:-1]}a: «{found.group()}»"))
    for code, phrase in polarity.negated_phrases(norm)[:2]:
        if code == polarity.POS:
            hits.append(Hit("negativo", f"niega algo positivo: «{phrase}»"))
        else:
            hits.append(Hit("positivo", f"niega algo negativo: «{phrase}»"))
    return hits


def _style_hits(raw: str, norm: str) -> list[Hit]:
    """Shouting (mostly capitals) and question marks."""
    hits = []
    letters = [ch for ch in raw[:500] if ch.isalpha()]
    if len(letters) >= 12 and sum(ch.isupper() for ch in letters) > 0.7 * len(letters):
        hits.append(Hit("gritos", "escrito en mayúsculas"))
    if "?" in norm:
        hits.append(Hit("pregunta_signo", "tiene signo de pregunta"))
    return hits


def _account_hits(hits: list[Hit], meta: Mapping[str, Any] | None) -> list[Hit]:
    """Spam heuristics from optional account metadata (age in days, avatar, followers)."""
    if not meta:
        return []
    signs = []
    age = meta.get("account_age_days")
    if isinstance(age, (int, float)) and age < 30:
        signs.append("cuenta nueva")
    if meta.get("has_avatar") is False:
        signs.append("cuenta sin foto")
    followers = meta.get("followers")
    if isinstance(followers, (int, float)) and followers < 5:
        signs.append("cuenta sin seguidores")
    if not signs:
        return []
    if any(h.reason == "enlace acortado" for h in hits):
        return [Hit("cuenta", "enlace acortado + " + " + ".join(signs))]
    return [Hit("cuenta", " + ".join(signs))]


def account_meta(
    written_at: dt.datetime | None,
    account_created_at: dt.datetime | None,
    has_avatar: bool | None,
    followers: int | None,
) -> dict[str, Any] | None:
    """The ``meta`` of :func:`scan` from what the network told of the author's account."""
    meta: dict[str, Any] = {}
    if written_at is not None and account_created_at is not None:
        meta["account_age_days"] = max(
            0.0, (written_at - account_created_at).total_seconds() / 86400
        )
    if has_avatar is not None:
        meta["has_avatar"] = has_avatar
    if followers is not None:
        meta["followers"] = followers
    return meta or None


#: Which rule groups speak for which label of each head: a reason is shown beside the label
#: it supports, and a cue for a label the message did not get is not shown as a reason.
_SUPPORTS = {
    "type": {
        **{group: {group} for group in _CUES},
        "abuso": {"insulto", "vulgar"},
        "spam": {"spam", "cuenta"},
        "pregunta": {"pregunta", "pregunta_signo"},
        "informacion": {"informacion", "pregunta_signo"},
    },
    "sentiment": {"positivo": {"positivo"}, "negativo": {"negativo", "gritos"}},
    "offensive": {"ofensivo": {"insulto", "vulgar", "gritos"}},
}


def reasons_for(hits: list[Hit], head: str, label: str) -> list[str]:
    """The reasons among ``hits`` that support ``label`` of ``head``, in order."""
    groups = _SUPPORTS.get(head, {}).get(label, set())
    return list(dict.fromkeys(h.reason for h in hits if h.group in groups))


def scan(text: object, meta: Mapping[str, Any] | None = None, norm: str | None = None) -> list[Hit]:
    """Every rule hit for one message, in a stable order; ``norm`` skips re-normalising."""
    raw = clean_unicode(text)
    norm = normalize(raw) if norm is None else norm
    hits = _word_hits(norm)
    hits += _account_hits(hits, meta)
    return hits + _cue_hits(norm) + _style_hits(raw, norm)


def reasons(text: object, meta: Mapping[str, Any] | None = None) -> list[str]:
    """The distinct reasons of :func:`scan`, in order."""
    return list(dict.fromkeys(hit.reason for hit in scan(text, meta)))


def group_counts(hits: list[Hit]) -> list[float]:
    """Hit count per group, in :data:`GROUPS` order: the model's lexicon features."""
    counts = dict.fromkeys(GROUPS, 0.0)
    for hit in hits:
        counts[hit.group] += 1.0
    return [counts[g] for g in GROUPS]


# Single words and two-word phrases per group, for the fast feature path of the model.
_CUE_WORDS = {
    "pregunta": "como donde cuando cuanto cuanta cuantos cual cuales requisitos duda consulta "
    "pregunta saber",
    "peticion": "solicito solicitamos pido pedimos requiero necesito favor peticion ayuda "
    "ayudenme intervencion",
    "informacion": "copia copias certificado certificacion constancia acta expediente documento "
    "documentos informacion listado datos contratos presupuesto",
    "queja": "queja quejarme inconformidad pesimo pesima grosero groseros verguenza demora "
    "atencion",
    "reclamo": "reclamo reclamacion cobraron cobro devolucion reembolso reintegro pague "
    "exijo descontaron",
    "sugerencia": "sugiero sugerencia propongo propuesta recomiendo deberian podrian seria ojala",
    "denuncia": "denuncio denunciar denuncia corrupcion corrupto corruptos soborno coima "
    "mordida robando irregularidad",
    "felicitacion": "gracias agradezco felicito felicitaciones excelente amables orgullo",
    "positivo": "gracias excelente feliz bien genial amables maravilla orgullo bendiciones "
    "encanta emopos emoamor emoaplauso emorisa jaja",
    "negativo": "pesimo pesima horrible terrible verguenza rabia asco indignante harto harta "
    "nunca peor mal mala triste lamentable emotriste emoenojo",
}


def _phrase_groups() -> dict[str, tuple[str, ...]]:
    """Phrase -> groups it counts for, from every word list above."""
    table: dict[str, list[str]] = {}
    word_groups = (
        ("insulto", INSULTS),
        ("vulgar", VULGAR),
        ("spam", tuple(_SPAM)),
        ("colectivo", GROUP_WORDS),
        ("segunda_persona", SECOND_PERSON),
    )
    for group, words in word_groups:
        for word in words:
            table.setdefault(word.replace(" ", "_"), []).append(group)
    for group, words in _CUE_WORDS.items():
        for word in words.split():
            table.setdefault(word, []).append(group)
    table.setdefault("?", []).append("pregunta_signo")
    return {phrase: tuple(groups) for phrase, groups in table.items()}


_PHRASES = _phrase_groups()
#: Every lexicon phrase in the vectoriser's word-feature spelling (``a_b``).
PHRASES = tuple(_PHRASES)
_COLUMN = {group: i for i, group in enumerate(GROUPS)}


def fast_counts(norm: str) -> list[float]:
    """Group counts from word and two-word look-ups only: the batch path of the model."""
    tokens = norm.split()
    counts = [0.0] * len(GROUPS)
    for phrase in [*tokens, *map("_".join, zip(tokens, tokens[1:], strict=False))]:
        for group in _PHRASES.get(phrase, ()):
            counts[_COLUMN[group]] += 1.0
    return counts


def group_matrix(vocabulary: Mapping[str, int]) -> np.ndarray:
    """(word features x groups) matrix: word counts @ it = :func:`fast_counts` per row."""
    matrix = np.zeros((len(vocabulary), len(GROUPS)))
    for phrase, groups in _PHRASES.items():
        index = vocabulary.get(phrase)
        for group in groups if index is not None else ():
            matrix[index, _COLUMN[group]] += 1.0
    return matrix
