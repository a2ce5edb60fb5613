"""Evidence for the two labels that can wrong a citizen: spam and abuse.

A model trained on examples learns that spam often has a link and abuse often has a swear
word; on real posts to institutions that calls a citizen who reports a broken pavement with
a photo (every link on X is a ``t.co`` short link) a spammer, and one who writes "qué
mierda de servicio" an abuser. Neither label is given on the model's word alone: each needs
evidence found here, and every piece of evidence is a reason with a code and arguments
(:class:`Evidence`), rendered in the reader's language by the Django layer.

- **Spam** is what spam is: an unrelated commercial offer or a scam (money made easy,
  loans, crypto, porn bait, followers for sale, prizes), a link-only post from a new or
  bare account, the same text sent by several accounts with a sign of a campaign for hire.
  A link, a photo, hashtags, mentions, capitals or emoji are never evidence by themselves,
  and links to the institution's own domains or to well-known public ones (government,
  news, photo hosts, maps) weigh for the citizen.
- **Abuse** is an insult, threat or slur aimed at a person or a group: the insult must sit
  next to its target (second person, an official's title, a name, "son unos …"), and
  profanity about a situation or criticism of an official is not abuse.

Plain Python (no Django): the benchmarks and the services call the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from dialogo.triage.ml.normalize import clean_unicode, normalize, normalize_many

#: Below these confidences spam and abuse are never applied (a person decides).
SPAM_MIN = 0.8
ABUSE_MIN = 0.8


@dataclass(frozen=True)
class Evidence:
    """One reason for (or against) a label: a code, its arguments and how strong it is."""

    label: str  # "spam" or "abuso"
    code: str
    args: Mapping[str, str] = field(default_factory=dict)
    strength: float = 0.9

    def as_reason(self) -> dict[str, Any]:
        """The JSON stored with a classification: ``{"code": ..., "args": {...}}``."""
        return {"code": self.code, "args": dict(self.args)}


# --- links ---------------------------------------------------------------------------------

_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b(?:[a-z0-9-]+\.)+(?:com|co|net|org|ly|gl|me|io|gy|cc|"
    r"id|at|ee|info|xyz|site|online|club|shop|top|vip|live|app|link)(?:/[^\s<>\"']*)?",
    re.I,
)
#: Link shorteners: their target is unknown unless the network told it.
SHORTENERS = frozenset(
    "t.co bit.ly tinyurl.com goo.gl cutt.ly ow.ly is.gd shorturl.at rb.gy tiny.cc s.id "
    "acortar.link buff.ly dlvr.it lnkd.in trib.al".split()
)
#: Domains whose links are ordinary in a citizen's post: the state, the press, photo and
#: video hosts, maps, petitions. A subdomain counts as its parent (``www.``, ``m.``).
PUBLIC_DOMAINS = frozenset(
    """
    gov.co gob.co edu.co mil.co org.co gov gob.mx gob.es gob.pe gob.ar
    eltiempo.com elespectador.com semana.com elcolombiano.com elheraldo.co eluniversal.com.co
    elpais.com.co vanguardia.com lapatria.com laopinion.com.co elnuevosiglo.com.co
    caracol.com.co noticiascaracol.com caracoltv.com rcnradio.com noticiasrcn.com
    canalrcn.com bluradio.com lasillavacia.com pulzo.com infobae.com elpais.com bbc.com
    bbc.co.uk cnn.com cambio.com.co razonpublica.com lafm.com.co wradio.com.co rtvc.gov.co
    canal1.com.co cityTV.com.co citytv.com.co telemedellin.tv teleantioquia.co
    telepacifico.com telecaribe.co canaltrece.com.co minuto30.com extra.com.co
    qhubo.com publimetro.co kienyke.com las2orillas.co portafolio.co larepublica.co
    dinero.com valoraanalitik.com agenciadenoticias.unal.edu.co
    twitter.com x.com twimg.com pic.twitter.com pbs.twimg.com video.twimg.com
    facebook.com fb.com fb.watch m.facebook.com instagram.com threads.net
    youtube.com youtu.be tiktok.com vm.tiktok.com bsky.app bsky.social mastodon.social
    imgur.com flickr.com photos.app.goo.gl photos.google.com drive.google.com
    docs.google.com forms.gle maps.google.com maps.app.goo.gl google.com waze.com
    wikipedia.org change.org avaaz.org dropbox.com onedrive.live.com icloud.com
    streamable.com vimeo.com soundcloud.com archive.org
    """.split()
)
_PHOTO_HOSTS = frozenset(
    "pic.twitter.com pbs.twimg.com video.twimg.com imgur.com flickr.com photos.app.goo.gl "
    "photos.google.com instagram.com".split()
)


def links_of(text: object, links: Iterable[object] | None = None) -> list[str]:
    """The message's link targets: those the network gave (``Message.links``, entries as
    strings or ``{"url"/"expanded_url": …}``), then those written in its text."""
    out: list[str] = []
    for item in links or ():
        url = item
        if isinstance(item, Mapping):
            url = item.get("expanded_url") or item.get("url") or item.get("uri") or ""
        if isinstance(url, str) and url.strip():
            out.append(url.strip())
    raw = text if isinstance(text, str) else clean_unicode(text)
    # Only words with a dot inside can hold a link: the regex runs on those alone.
    for word in raw.split():
        if "." in word.strip(".,;:!?)»\"'…"):
            out += [m.group().rstrip(".,;:!?)»\"'") for m in _LINK.finditer(word)]
    return list(dict.fromkeys(out))


def domain_of(url: str) -> str:
    """The host of ``url`` without ``www.``, lowercased; empty when there is none."""
    target = url if "://" in url else "http://" + url
    try:
        host = urlsplit(target).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.").removeprefix("m.").rstrip(".")


def _under(host: str, domains: Iterable[str]) -> str:
    """The entry of ``domains`` that ``host`` is or sits under (``x.gov.co`` → ``gov.co``)."""
    known = domains if isinstance(domains, frozenset) else _domain_set(domains)
    parts = host.split(".")
    for i in range(len(parts) - 1):
        suffix = ".".join(parts[i:])
        if suffix in known:
            return suffix
    return ""


def _domain_set(domains: Iterable[str]) -> frozenset[str]:
    return frozenset(d.lower().strip().removeprefix("www.") for d in domains if d)


@dataclass(frozen=True)
class LinkFacts:
    """What the links of one message say: known good ones, unknown ones, short ones."""

    own: tuple[str, ...] = ()
    public: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    short: tuple[str, ...] = ()  # shortened, target not given by the network

    @property
    def any(self) -> bool:
        return bool(self.own or self.public or self.unknown or self.short)

    @property
    def doubtful(self) -> tuple[str, ...]:
        """Hosts that could be a spammer's: unknown domains and unexpanded short links."""
        return self.unknown + self.short


_NO_LINKS = LinkFacts()
#: Normalised tokens that show a link may be there: the placeholders and domain endings.
_LINK_TOKENS = frozenset(
    "url urlcorta com co net org ly gl me io gy cc id at ee info xyz site online club shop "
    "top vip live app link example".split()
)


def link_facts(
    text: object,
    links: Iterable[object] | None = None,
    own_domains: Iterable[str] = (),
    tokens: set[str] | None = None,
) -> LinkFacts:
    """Sort the message's links into own, public, unknown and unexpanded short ones.

    A ``t.co`` link in the text is the short form of a target the network also gave
    (``links``): when any target was given, the short links are taken as those targets.
    """
    if not links and not (isinstance(text, str) and "." in text):
        return _NO_LINKS
    if not links and tokens is not None and not tokens & _LINK_TOKENS:
        return _NO_LINKS  # the normaliser saw no link and no domain ending
    own_list = _domain_set(own_domains)
    given = links_of("", links) if links else []
    found = links_of(text, given)
    sorted_: dict[str, list[str]] = {"own": [], "public": [], "unknown": [], "short": []}
    for url in found:
        host = domain_of(url)
        if not host:
            continue
        if host in SHORTENERS or _under(host, SHORTENERS):
            if not given:
                sorted_["short"].append(host)
            continue
        if _under(host, own_list):
            sorted_["own"].append(host)
        elif _under(host, PUBLIC_DOMAINS):
            sorted_["public"].append(host)
        else:
            sorted_["unknown"].append(host)
    return LinkFacts(**{k: tuple(dict.fromkeys(v)) for k, v in sorted_.items()})


# --- spam ----------------------------------------------------------------------------------

#: Offers and scams: strong evidence by themselves (normalised spelling, regexes).
_OFFERS: tuple[tuple[str, str], ...] = (
    (
        r"\b(gana|gane|ganen|ganar|genera|genere|generar|recibe|recibir|obten|obtener|haz|"
        r"hacer) (hasta )?(dinero|plata|0|ingresos|dolares|usd|billete)\b.{0,60}\b(desde "
        r"(tu |su |la )?(casa|"
        r"celular|hogar)|diari[oa]s?|al dia|semanal\w*|por hora|sin salir|sin experiencia|"
        r"facil\w*)\b",
        "easy_money",
    ),
    (
        r"\b(dinero|plata|ingresos) (facil|rapido|extra|desde casa|seguro)\b|"
        r"\b(trabaja|trabajo|trabajar) desde (tu |su )?(casa|celular)\b|"
        r"\bmultiplica\w* (tu|su) (dinero|plata|inversion)\b|\bingresos pasivos\b|"
        r"\bmetodo (secreto|infalible|garantizado)\b",
        "easy_money",
    ),
    (
        r"\b(invierte|invertir|inversion|invirtiendo)\b.{0,50}\b(bitcoin|btc|usdt|cripto\w*|"
        r"forex|binance|opciones binarias)\b|\b(bitcoin|usdt|cripto\w*|forex|binarias|"
        r"trading)\b.{0,50}\b(ganancias|rentabilidad|garantizad\w*|senales|inviert\w*|"
        r"multiplic\w*|0 ?%)|\b(rentabilidad|ganancias|retornos?) (garantizad\w*|del 0|"
        r"de 0|diari\w*|semanal\w*|mensual\w*)",
        "crypto_offer",
    ),
    (
        r"\b(prestamos?|creditos?|plata prestada)\b.{0,50}\b(sin (fiador|codeudor|papeleo|"
        r"estudio|tanto tramite)|a reportados|para reportados|aprobacion inmediata|"
        r"desembolso inmediato|gota a gota|al instante)\b",
        "loan_offer",
    ),
    (
        r"\b(onlyfans|only fans|xxx|nudes|contenido (exclusivo|hot|privado|\+0)|fotos hot|"
        r"videos hot|videollamada hot|chicas (solteras|calientes|cerca de ti)|webcam|"
        r"citas (calientes|discretas)|scort|escorts|vendo packs?|mis packs?)\b",
        "porn_bait",
    ),
    (
        r"\b(compra|comprar|vendo|venta de|consigue|aumenta)\w* (tus |sus )?(seguidores|likes|me gusta|"
        r"vistas|reproducciones)\b|\bseguidores (reales|baratos|organicos)\b|"
        r"\b(sigueme y te sigo|te sigo de vuelta|followback|follow back|sdv)\b",
        "followers_for_sale",
    ),
    (
        r"\b(ganaste|has sido (seleccionad|elegid|ganador)\w*|eres (el|la) ganador\w*|"
        r"reclama (tu|su) (premio|regalo|bono)|felicidades (ganaste|has)|"
        r"(premio|bono|regalo) (gratis|de 0|esperandote)|iphone gratis|gana un iphone)\b",
        "prize_scam",
    ),
    (
        r"\b(link|enlace|info) (en|de) (mi|la) (bio|perfil)\b|\b(mira|visita|revisa|entra a) "
        r"mi (perfil|bio|pagina|canal)\b|\b(escribeme|escribenos|contactame|hablame) (al|por "
        r"el|por) (dm|privado|interno|whatsapp|wsp|telegram|ws)\b",
        "invites_elsewhere",
    ),
    (
        r"\b(ofrezco|ofrecemos|vendo|vendemos|tenemos (el|la|los|las) mejor\w*|precio especial|"
        r"al por mayor|envios a todo el pais|domicilios gratis)\b.{0,80}\b(whatsapp|wsp|"
        r"pedidos|info al|informes al|escribenos|escribeme)\b",
        "commercial_offer",
    ),
    (
        r"\b(tarot|amarres|amarre de amor|brujo|vidente|endulzamientos?|"
        r"regreso (de )?(tu|su) pareja|maestro espiritual)\b",
        "commercial_offer",
    ),
    (
        r"\b(verifica|verificar|actualiza|confirma|desbloquea|reactiva)\w* (tu|su) (cuenta|"
        r"tarjeta|clave|datos bancarios)\b.{0,80}\b(url|urlcorta|enlace|link|aqui)\b|"
        r"\b(tu|su) cuenta (sera|ha sido) (suspendida|bloqueada|cancelada)\b",
        "phishing",
    ),
)
#: Offers that are spam without a way to act on them (a link, a phone, "escríbeme").
_NO_ACTION_NEEDED = frozenset({"porn_bait", "followers_for_sale", "invites_elsewhere"})
_ACTION = frozenset(
    "numlargo whatsapp wsp telegram dm inbox privado interno escribeme escribenos contactame "
    "hablame info informes inscribete registrate unete link enlace bio perfil clic click aqui "
    "emoenlace emodinero".split()
)
#: For each pattern of :data:`_OFFERS`, in order, two sets of words: the pattern can only
#: match a message holding a word of each. One pass over the message's words finds which
#: patterns are worth running (most messages: none).
_OFFER_PARTS = (
    (
        "gana gane ganen ganar genera genere generar recibe recibir obten obtener haz hacer",
        "casa celular hogar diario diarios diaria diarias dia semanal semanales semanalmente "
        "hora salir experiencia facil faciles facilmente",
    ),
    (
        "dinero plata ingresos trabaja trabajo trabajar multiplica multiplicas multiplicar metodo",
        "facil rapido extra casa seguro celular dinero plata inversion pasivos secreto infalible "
        "garantizado",
    ),
    (
        "invierte invertir inversion invirtiendo bitcoin usdt forex binarias trading "
        "rentabilidad ganancias retorno retornos cripto",
        "bitcoin btc usdt cripto forex binance binarias ganancias rentabilidad garantizada "
        "garantizado garantizadas garantizados senales invierte inviertan invertir multiplica "
        "multiplicar 0 diaria diario diarias diarios semanal semanales mensual mensuales",
    ),
    (
        "prestamo prestamos credito creditos plata",
        "fiador codeudor papeleo estudio tramite reportados aprobacion desembolso gota instante",
    ),
    (
        "onlyfans only xxx nudes contenido fotos videos videollamada chicas webcam citas scort "
        "escorts vendo mis",
        "onlyfans fans xxx nudes exclusivo hot privado 0 solteras calientes cerca webcam "
        "discretas scort escorts packs pack",
    ),
    (
        "compra comprar compran vendo venta consigue aumenta seguidores sigueme te followback "
        "follow sdv",
        "seguidores likes gusta vistas reproducciones reales baratos organicos sigo followback "
        "back sdv",
    ),
    (
        "ganaste has eres reclama felicidades premio bono regalo iphone gana",
        "ganaste seleccionado seleccionada elegido elegida ganador ganadora premio regalo bono "
        "gratis esperandote iphone",
    ),
    (
        "link enlace info mira visita revisa entra escribeme escribenos contactame hablame",
        "bio perfil pagina canal dm privado interno whatsapp wsp telegram ws",
    ),
    (
        "ofrezco ofrecemos vendo vendemos tenemos precio al envios domicilios",
        "whatsapp wsp pedidos info informes escribenos escribeme",
    ),
    (
        "tarot amarres amarre brujo vidente endulzamiento endulzamientos regreso maestro",
        "tarot amarres amarre brujo vidente endulzamiento endulzamientos pareja espiritual",
    ),
    (
        "verifica verificar actualiza actualizar confirma confirmar desbloquea reactiva tu su "
        "cuenta",
        "cuenta tarjeta clave bancarios suspendida bloqueada cancelada",
    ),
)
_OFFER_RES = tuple((re.compile(p), code) for p, code in _OFFERS)
assert len(_OFFER_PARTS) == len(_OFFER_RES)


def _offer_bits() -> tuple[dict[str, int], tuple[int, ...]]:
    """Word -> bit mask of the pattern parts it can satisfy; each pattern's full mask."""
    bits: dict[str, int] = {}
    needs = []
    for i, parts in enumerate(_OFFER_PARTS):
        need = 0
        for j, words in enumerate(parts):
            bit = 1 << (2 * i + j)
            need |= bit
            for word in words.split():
                bits[word] = bits.get(word, 0) | bit
        needs.append(need)
    return bits, tuple(needs)


_WORD_BITS, _OFFER_NEEDS = _offer_bits()


_BIT_WORDS = frozenset(_WORD_BITS)


def _offer_mask(tokens: set[str], norm: str) -> int:
    """The pattern parts the message's words satisfy."""
    mask = 0
    for token in tokens & _BIT_WORDS:
        mask |= _WORD_BITS[token]
    if "cripto" in norm:
        mask |= _WORD_BITS["cripto"]
    return mask


#: Words that show a citizen reporting or warning about a scam, not sending one.
_REPORTING = re.compile(
    r"\b(es (real|verdad|cierto|oficial|falso)|de ustedes|estafa\w*|estafador\w*|fraude|denunci\w*|cuidado|alerta|ojo con|me llego|"
    r"me llegaron|nos llego|me escribieron|me ofrecieron|recibi|les llega|circula|"
    r"falso|falsa|suplant\w*|robo de identidad|hackearon|hackeo|enganando|enganan|"
    r"no caigan|no crean|bloqueen|reporten|que hacen|que pasa con|no es oficial)\b"
)
_WORDS = re.compile(r"[a-zñ]{2,}")
_NOISE_TOKENS = frozenset("url urlcorta usuario hashtag emoji numlargo jaja rt via".split())


def _content_words(norm: str) -> list[str]:
    """The words a person wrote, without link, mention, hashtag and emoji placeholders."""
    return [w for w in _WORDS.findall(norm) if w not in _NOISE_TOKENS and not w.startswith("emo")]


def _account_signs(meta: Mapping[str, Any] | None) -> list[str]:
    """Codes of what makes an account look throwaway: new, no picture, no followers, no
    earlier messages to the institution."""
    if not meta:
        return []
    signs = []
    age = meta.get("account_age_days")
    if isinstance(age, (int, float)) and age < 30:
        signs.append("new")
    if meta.get("has_avatar") is False:
        signs.append("no_picture")
    followers = meta.get("followers")
    if isinstance(followers, (int, float)) and followers < 5:
        signs.append("no_followers")
    return signs


def spam_evidence(
    text: object,
    links: Iterable[object] | None = None,
    meta: Mapping[str, Any] | None = None,
    own_domains: Iterable[str] = (),
    norm: str | None = None,
    facts: LinkFacts | None = None,
    tokens: set[str] | None = None,
) -> list[Evidence]:
    """Every piece of evidence that ``text`` is spam; empty for an ordinary message.

    ``meta`` holds what is known of the sender (``account_age_days``, ``has_avatar``,
    ``followers``, ``history``: earlier messages of the same person, ``same_text_accounts``:
    how many accounts sent the same text lately). ``facts`` may be given when the caller
    already sorted the links (:func:`link_facts`).
    """
    norm = normalize(text) if norm is None else norm
    tokens = set(norm.split()) if tokens is None else tokens
    facts = link_facts(text, links, own_domains, tokens) if facts is None else facts
    out: list[Evidence] = []
    offers: list[Evidence] = []
    mask = _offer_mask(tokens, norm)
    if mask and any(mask & need == need for need in _OFFER_NEEDS):
        offers = _offers(norm, tokens, facts, mask)
    if offers and not _REPORTING.search(norm):
        out += offers
    elif len(offers) >= 2 and (facts.doubtful or "numlargo" in tokens):
        # A pasted scam can mention its own "no es estafa": several offers and a way to
        # reach the seller still make it spam.
        out += offers
    meta = meta or {}
    signs = _account_signs(meta) if facts.doubtful or meta.get("same_text_accounts") else []
    history = meta.get("history")
    no_history = history is None or (isinstance(history, int) and history == 0)
    if facts.doubtful and signs and no_history and len(_content_words(norm)) <= 3:
        out.append(
            Evidence(
                "spam",
                "link_only_new_account",
                {"target": ", ".join(facts.doubtful[:2]), "account": ", ".join(signs)},
                0.9,
            )
        )
    copies = meta.get("same_text_accounts")
    if isinstance(copies, int) and copies >= 3 and (facts.doubtful or signs or offers):
        if len(_content_words(norm)) >= 3:
            out.append(
                Evidence(
                    "spam",
                    "same_text_many_accounts",
                    {"accounts": str(copies), "target": ", ".join(facts.doubtful[:2])},
                    0.9,
                )
            )
    return out


def _offers(norm: str, tokens: set[str], facts: LinkFacts, mask: int) -> list[Evidence]:
    """The offer patterns found; most need a way to act on them (a link, a phone)."""
    offers: list[Evidence] = []
    found_codes: set[str] = set()
    action = bool(facts.doubtful) or bool(tokens & _ACTION)
    for (pattern, code), need in zip(_OFFER_RES, _OFFER_NEEDS, strict=True):
        if code in found_codes or mask & need != need:
            continue
        if not (action or code in _NO_ACTION_NEEDED):
            continue
        found = pattern.search(norm)
        if found:
            found_codes.add(code)
            offers.append(Evidence("spam", code, {"words": _quote(found.group())}, 0.93))
    return offers


def link_reasons(
    text: object,
    links: Iterable[object] | None = None,
    own_domains: Iterable[str] = (),
    facts: LinkFacts | None = None,
) -> list[Evidence]:
    """Reasons *against* spam from the links: the institution's own site, public sites."""
    facts = link_facts(text, links, own_domains) if facts is None else facts
    out = []
    if facts.own:
        out.append(Evidence("spam", "link_own_domain", {"target": ", ".join(facts.own[:2])}, 0))
    if facts.public:
        photo = [h for h in facts.public if _under(h, _PHOTO_HOSTS)]
        code = "link_photo" if photo else "link_public_domain"
        out.append(Evidence("spam", code, {"target": ", ".join(facts.public[:2])}, 0))
    return out


# --- abuse ---------------------------------------------------------------------------------

#: Insults that wound whoever they are aimed at (normalised; "hijueputa" is already "hp").
STRONG_INSULTS = (
    "hp",
    "hdp",
    "hijo de puta",
    "hijos de puta",
    "hija de puta",
    "hijo e puta",
    "gonorrea",
    "malparido",
    "malparida",
    "malparidos",
    "malparidas",
    "pirobo",
    "piroba",
    "pirobos",
    "carechimba",
    "careverga",
    "carevergas",
    "caremonda",
    "caremondas",
    "carechimbas",
    "mamaguevo",
    "mamaguevos",
    "mamahuevo",
    "malnacido",
    "malnacida",
    "malnacidos",
    "perra",
    "perras",
    "zorra",
    "zorras",
    "puta",
    "putas",
    "puto",
    "putos",
    "imbecil",
    "imbeciles",
    "idiota",
    "idiotas",
    "estupido",
    "estupida",
    "estupidos",
    "estupidas",
    "pendejo",
    "pendeja",
    "pendejos",
    "subnormal",
    "retrasado",
    "retrasados",
    "retrasada",
    "mongolico",
    "gilipollas",
    "cabron",
    "cabrones",
    "maricon",
    "maricones",
    "cacorro",
    "cacorros",
    "basura",
    "basuras",
    "escoria",
    "lacra",
    "lacras",
    "parasito",
    "parasitos",
    "rata",
    "ratas",
    "cerdo",
    "cerdos",
    "cerda",
    "marrano",
    "marranos",
    "guevon",
    "guevones",
    "huevon",
    "huevones",
    "sapo hp",
    "comemierda",
    "come mierda",
    "hijueputas",
    "gonorreas",
    "chupamedias",
    "lambon",
    "lambones",
    "bastardo",
    "bastardos",
    "desgraciado",
    "desgraciada",
    "desgraciados",
    "mierda",  # only counts with a target: "usted es una mierda", not "qué mierda de vía"
    "mierdas",
)
#: Words for groups that are slurs in themselves (no target needed beyond the word).
SLURS = (
    "veneco",
    "venecos",
    "veneca",
    "venecas",
    "sudacas",
    "maricones",
    "cacorros",
    "negro hp",
    "indio hp",
    "indios hp",
    "simio",
    "simios",
)
#: What makes an insult aimed at someone: second person, officials, people, groups.
_TARGETS = (
    # second person
    "usted ustedes tu vos te ti eres sos son es sea sean vete largate callate callese "
    "ud uds udes oiga oigan mire miren"
    # officials and people
    " alcalde alcaldesa alcaldes concejal concejala concejales gobernador gobernadora "
    "presidente presidenta ministro ministra secretario secretaria secretarios funcionario "
    "funcionaria funcionarios funcionarias empleado empleada empleados empleadas director "
    "directora gerente policia policias tombo tombos agente agentes guarda guardas "
    "celador celadora vigilante medico medica enfermera enfermero doctor doctora señor "
    "señora señorita señores senor senora man vieja viejo tipo tipa manes personaje "
    "personajes politico politicos politiquero politiqueros congresista congresistas senador "
    "senadores representante edil ediles personero personera contralor procurador fiscal "
    "juez jueza rector rectora profesor profesora conductor conductores taxista taxistas"
    # groups
    " venezolanos venezolanas migrantes inmigrantes negros indigenas indios gays gais "
    "lesbianas trans mujeres hombres costenos pastusos paisas rolos campesinos "
    "desplazados reinsertados feministas petristas uribistas mamertos"
).split()
_TARGET_SET = frozenset(_TARGETS)
_INSULT_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, STRONG_INSULTS), key=len, reverse=True)) + r")\b"
)
_SLUR_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, SLURS), key=len, reverse=True)) + r")\b"
)
#: Copulas and determiners just before an insult: "son unos …", "es una …", "ese …",
#: "qué alcalde tan …". Words that also open a remark about a situation ("que", "pura",
#: "el") are left out: "alcalde, qué mierda de servicio" insults nobody.
_AIMED = re.compile(
    r"\b(son|es|eres|sos|sea|sean|fue|fueron|somos|parecen|pareces|parece|tan|"
    r"par de|partida de|manada de|banda de|nido de|cueva de|recua de|punado de|"
    r"ese|esa|esos|esas) (un |una |unos |unas |tan |mas |muy |bien |unos grandes |"
    r"una gran |un gran |un soberano |una soberana |un reverendo |una reverenda )?$"
)
#: Copulas whose subject is a person nearly always ("son unos hp", "eres un idiota").
_PERSON_COPULAS = frozenset(
    "son eres sos sean fueron somos parecen pareces ese esa esos esas par de partida de "
    "manada de banda de nido de cueva de recua de punado de".split(" ")
)
#: Insults that are also interjections about a situation ("jueputa, otra vez sin luz") or
#: friendly vocatives ("huevón, ¿viste?"): alone in a clause they address nobody.
_INTERJECTIONS = frozenset(
    "hp gonorrea mierda mierdas puta putas puto putos huevon guevon cabron".split()
)
#: Insults that are also intensifiers before a word ("ese puto libro", "eres el puto amo").
_INTENSIFIERS = frozenset("puto puta putos putas".split())
#: After the insult: "… de alcalde", "… de funcionarios".
_AFTER_TARGET = re.compile(
    r"^ (de|del) (alcalde|alcaldesa|concejal\w*|gobernador\w*|"
    r"funcionari\w*|presidente|gente|policia\w*|tombos?|senor\w*|"
    r"man|vieja|viejo|tipo|empleados?|secretari\w*|ministr\w*)\b"
)
#: Where "mierda" names a situation, not a person: "qué mierda de servicio".
_SITUATION = re.compile(
    r"\b(que|una|esta|esa|esto|eso|pura|la|de|en|puta|tanta|toda|vida|vale|me importa|"
    r"ni|un|el) $"
)
#: Threats: harm promised to someone, with or without an insult.
_THREATS = re.compile(
    r"\b(te|lo|la|los|las|les|le) (voy|vamos|van) a (matar|quemar|partir la cara|romper la "
    r"cara|reventar|picar|desaparecer|dar plomo|pelar|chuzar|dar bala|volar la cabeza)\b|"
    r"\b(voy|vamos) a (matar|quemar|picar|pelar|reventar) (a|al) \w+|"
    r"\bojala (se|te|le|les|lo|la|los) (muera|mueran|maten|pudra|pudran)\b|"
    r"\bque (te|le|les|lo|los) (maten|caiga un rayo|parta un rayo)\b|"
    r"\b(deberian|merecen|merece) (morir|que (los|lo|la|las) maten)\b|"
    r"(^|! )(usuario )*muerte a\b|\bplomo (a|pa|para) (esos|esas|ese|esa|todos|los|las|usted|ustedes)\b|"
    r"\b(plomo|bala) es lo que\b|\bsabemos donde (vive|vives|viven|trabaja|estudian)\b|"
    r"\bles llego la hora\b|\b(matarlos|matarlo|matarla|quemarlos|fusilarlos|colgarlos|"
    r"lincharlos|exterminarlos|masacrarlos)\b"
)


_INSULT_PHRASES = frozenset(STRONG_INSULTS)
_INSULT_FIRST = frozenset(phrase.split()[0] for phrase in STRONG_INSULTS)
_SLUR_FIRST = frozenset(phrase.split()[0] for phrase in SLURS)
#: Words at least one of which every insult, slur or threat needs (a set look-up first).
_THREAT_WORDS = frozenset(
    "matar quemar partir romper reventar picar desaparecer plomo pelar chuzar bala volar "
    "muera mueran maten pudra pudran caiga parta morir muerte sabemos llego matarlos "
    "matarlo matarla quemarlos fusilarlos colgarlos lincharlos exterminarlos masacrarlos".split()
)
_ABUSE_WORDS = frozenset(
    {phrase.split()[0] for phrase in STRONG_INSULTS + SLURS}
    | set(
        "matar quemar partir romper reventar picar desaparecer plomo pelar chuzar bala volar "
        "muera mueran maten pudra pudran caiga parta morir muerte sabemos llego matarlos "
        "matarlo matarla quemarlos fusilarlos colgarlos lincharlos exterminarlos masacrarlos".split()
    )
)
_CLAUSES = re.compile(r"[.,;:!?¿¡()\n]+|\s[-–—]+\s")


def abuse_evidence(
    text: object, norm: str | None = None, tokens: set[str] | None = None
) -> list[Evidence]:
    """Every insult, threat or slur aimed at a person or group in ``text``.

    An insult needs a target beside it in the same clause: a second-person form or an
    official's title within three words, a copula or demonstrative just before it ("son
    unas ratas", "ese hp"), or a "… de alcalde" after it; or it is a clause of its own that
    can only address the reader ("estúpidos, ni una respuesta"). "Qué mierda de servicio",
    "Alcalde, jueputa, otra vez sin luz" and "el alcalde es un incompetente" are not abuse.
    """
    norm = normalize(text) if norm is None else norm
    tokens = set(norm.split()) if tokens is None else tokens
    if tokens.isdisjoint(_ABUSE_WORDS):
        return []
    out: list[Evidence] = []
    threat = _THREATS.search(norm) if tokens & _THREAT_WORDS else None
    if threat:
        out.append(Evidence("abuso", "threat", {"words": _quote(threat.group())}, 0.93))
    slur = _SLUR_RE.search(norm) if tokens & _SLUR_FIRST else None
    if slur:
        out.append(Evidence("abuso", "slur", {"words": slur.group()}, 0.9))
    if not _find_insults(norm.split()):
        return out
    for clause in _CLAUSES.split(clean_unicode(text)):
        aimed = _aimed_insult(normalize(clause))
        if aimed:
            out.append(Evidence("abuso", "insult_at", aimed, 0.9))
            break
    return out


def _find_insults(tokens: list[str]) -> list[tuple[str, int, int]]:
    """(insult, first token, token after it) of each insult among ``tokens``, longest
    phrase first ("hijo de puta" before "puta"): set look-ups, no regex."""
    out = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i] not in _INSULT_FIRST:
            i += 1
            continue
        for size in (3, 2, 1):
            if n - i >= size and (phrase := " ".join(tokens[i : i + size])) in _INSULT_PHRASES:
                out.append((phrase, i, i + size))
                i += size
                break
        else:
            i += 1
    return out


def _aimed_insult(clause: str) -> dict[str, str]:
    """``{"words", "target"}`` of the first insult aimed at someone in one clause."""
    tokens = clause.split()
    for word, start, end in _find_insults(tokens):
        rest = tokens[end:]
        if word in _INTENSIFIERS and rest and rest[0] not in ("de", "d", "hp"):
            continue
        before = " ".join(tokens[:start]) + " " if start else ""
        after = " " + " ".join(rest) if rest else ""
        clause = before + word + after
        target = _target_of(clause, len(before), len(before) + len(word), word)
        if not target and len(tokens) == end - start and word not in _INTERJECTIONS:
            target = "vocative"
        if target:
            return {"words": word, "target": target}
    return {}


def _target_of(norm: str, start: int, end: int, word: str) -> str:
    """The person or group an insult at ``norm[start:end]`` is aimed at; empty if none."""
    before, after = norm[:start], norm[end:]
    aimed = _copula_target(before)
    if word in ("mierda", "mierdas"):
        # "qué mierda de servicio" names a situation; "el alcalde es una mierda" a person.
        return aimed if _is_person(aimed) else ""
    if word in _THINGS_TOO:
        # Also animals and rubbish a citizen reports: aimed only through a copula or a
        # title right beside it ("son unas ratas", "concejales ratas").
        return aimed or _title_near(before, after, 1, people_only=True)
    return aimed or _title_near(before, after, 3) or _after_target(after)


#: Insults that are also things a citizen reports (rats in the canal, rubbish in the street).
_THINGS_TOO = frozenset(
    "rata ratas cerdo cerdos cerda marrano marranos basura basuras perra perras parasito "
    "parasitos lacra lacras".split()
)


def _is_person(word: str) -> bool:
    """A word naming a person or group, not a copula or a verb."""
    return word in _TARGET_SET and word not in _VERBS and word not in _PERSON_COPULAS


def _copula_target(before: str) -> str:
    """The target of "<copula or determiner> [un|una] <insult>": a person named in the three
    words before the copula, the second person in the six before it, or the copula itself
    when its subject can only be people ("son unos …")."""
    found = _AIMED.search(before)
    if not found:
        return ""
    previous = before[: found.start()].split()
    # The subject of "es un …" may be a person named a few words back ("esa vieja de la
    # ventanilla es una …") or the account mentioned ("@Alcaldía es un …").
    people = [w for w in previous[-5:] if w in _TARGET_SET and w not in _SECOND and w not in _VERBS]
    if people:
        return people[-1]
    if previous[-1:] == ["usuario"] and found.group(1) in ("es", "son", "fue", "fueron"):
        return "usuario"
    second = [w for w in previous[-6:] if w in _SECOND]
    if second:
        return second[-1]
    copula = found.group(1)
    return copula if copula in _PERSON_COPULAS else ""


_SECOND = frozenset("usted ustedes tu vos te ti eres sos ud uds udes oiga oigan".split())
_VERBS = frozenset("es son sea sean mire miren".split())


def _title_near(before: str, after: str, width: int, people_only: bool = False) -> str:
    words = before.split()[-width:] + after.split()[:width]
    for w in words:
        if w in _TARGET_SET and w not in _VERBS:
            if people_only and w in _SECOND:
                continue
            return w
    return ""


def _after_target(after: str) -> str:
    """ "… de alcalde" names the target; "imbécil de mierda" is aimed at the reader."""
    found = _AFTER_TARGET.search(after)
    if found:
        return found.group(2)
    return "vocative" if re.match(r" (de|d) mierda\b", after) else ""


def _quote(phrase: str, limit: int = 60) -> str:
    """A matched phrase short enough to quote in a reason."""
    phrase = " ".join(phrase.split())
    return phrase if len(phrase) <= limit else phrase[: limit - 1] + "…"


# --- the decision --------------------------------------------------------------------------

GUARDED = ("spam", "abuso")


@dataclass
class Decision:
    """The label to store and why: ``evidence`` for a guarded label, ``held_back`` the
    guarded label the model proposed without evidence (shown to staff, not applied)."""

    label: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    held_back: str = ""


def decide(
    classes: Sequence[str],
    proba: Sequence[float],
    spam: Sequence[Evidence],
    abuse: Sequence[Evidence],
) -> Decision:
    """The type label of one message from the model's probabilities and the evidence.

    Spam or abuse is given only with evidence, and only at :data:`SPAM_MIN` /
    :data:`ABUSE_MIN` or more; otherwise the best other label is stored (its probability
    renormalised without the guarded ones) and the model's guess is kept as ``held_back``.
    """
    if not spam and not abuse:
        best = int(np.argmax(proba))
        if str(classes[best]) not in GUARDED:  # the common case: nothing to weigh
            return Decision(str(classes[best]), float(proba[best]))
    ranked = sorted(range(len(classes)), key=lambda i: proba[i], reverse=True)
    top = str(classes[ranked[0]])
    for label, found, floor in (("abuso", abuse, ABUSE_MIN), ("spam", spam, SPAM_MIN)):
        if not found:
            continue
        p_model = float(proba[list(classes).index(label)]) if label in classes else 0.0
        strength = max(e.strength for e in found)
        confidence = 1.0 - (1.0 - strength) * (1.0 - p_model)
        if confidence >= floor:
            return Decision(label, confidence, list(found))
    rest = [i for i in ranked if str(classes[i]) not in GUARDED]
    if not rest:
        return Decision(top, float(proba[ranked[0]]))
    kept = sum(float(proba[i]) for i in rest) or 1.0
    best = rest[0]
    held = top if top in GUARDED else ""
    return Decision(str(classes[best]), float(proba[best]) / kept, held_back=held)


def _plainly_ordinary(
    tokens: set[str], norm: str, links: object, meta: Mapping[str, Any] | None
) -> bool:
    """No rule can fire: no link, no word an offer, insult or threat needs, no copies."""
    if links or not tokens.isdisjoint(_LINK_TOKENS) or not tokens.isdisjoint(_ABUSE_WORDS):
        return False
    copies = (meta or {}).get("same_text_accounts")
    if isinstance(copies, int) and copies >= 3:
        return False
    mask = _offer_mask(tokens, norm)
    return not (mask and any(mask & need == need for need in _OFFER_NEEDS))


def decide_many(
    classes: Sequence[str],
    proba: Any,
    texts: Sequence[object],
    links: Sequence[Iterable[object] | None] | None = None,
    metas: Sequence[Mapping[str, Any] | None] | None = None,
    own_domains: Iterable[str] = (),
    norms: Sequence[str] | None = None,
) -> list[Decision]:
    """:func:`decide` for a batch: ``proba`` is the type model's probability matrix;
    ``norms`` the normalised texts when the caller has them (the model's batch did)."""
    own = tuple(own_domains)
    if norms is None:
        norms = normalize_many(texts)
    proba = np.asarray(proba)
    names = [str(c) for c in classes]
    best = proba.argmax(axis=1) if len(texts) else np.zeros(0, dtype=int)
    best_p = proba[np.arange(len(best)), best].tolist()
    best = best.tolist()
    out = []
    for i, text in enumerate(texts):
        norm = norms[i]
        message_links = links[i] if links is not None else None
        meta = metas[i] if metas is not None else None
        tokens = set(norm.split())
        if _plainly_ordinary(tokens, norm, message_links, meta) and names[best[i]] not in GUARDED:
            out.append(Decision(names[best[i]], best_p[i]))  # most messages: nothing to weigh
            continue
        facts = link_facts(text, message_links, own, tokens)
        spam = spam_evidence(text, message_links, meta, own, norm, facts, tokens)
        abuse = abuse_evidence(text, norm, tokens)
        if not spam and not abuse and names[best[i]] not in GUARDED:
            decision = Decision(names[best[i]], best_p[i])  # the common case
        else:
            decision = decide(classes, proba[i], spam, abuse)
        if decision.label != "spam" and facts.any:
            decision.evidence += link_reasons(text, message_links, own, facts=facts)
        out.append(decision)
    return out
