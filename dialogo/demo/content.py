"""Seeded generator of the demo institution and its citizens' conversations.

Plain Python with no Django import: the ``demo`` management command turns what
this module yields into rows. Everything is fictional: the entity (ANTD), its
team, the citizens (names combined from lists) and every text (fragments from
``phrases.py`` combined at random). The same seed always gives the same output.

Speed matters because benchmarks ask for a million messages: texts are built
with ``random.choice`` and plain string operations, and times are integers
(Unix seconds) until each message is made.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import phrases as P

try:  # Colombian holidays shape working hours; the generator still runs without them.
    import holidays as _holidays
except ImportError:  # pragma: no cover - the package is a project dependency
    _holidays = None

ORGANIZATION = {
    "name": "Agencia Nacional de Trámites Digitales",
    "slug": "antd",
    "short_name": "ANTD",
}

TOPICS: list[tuple[str, str, str]] = [
    (
        "pasaportes-consulares",
        "Pasaportes y trámites consulares",
        "Passports and consular services",
    ),
    ("apostilla-legalizaciones", "Apostilla y legalizaciones", "Apostille and legalisation"),
    ("antecedentes-judiciales", "Antecedentes judiciales", "Criminal record certificates"),
    ("impuestos", "Impuestos y RUT", "Taxes and tax registration (RUT)"),
    ("documentos-identidad", "Documentos de identidad", "Identity documents"),
    ("portal-gobierno-en-linea", "Portal Gobierno en Línea", "E-government portal"),
    ("registro-civil", "Registro civil", "Civil registry"),
    ("subsidios", "Subsidios y ayudas", "Subsidies and benefits"),
]

_EXPERT_TOPICS = [
    "pasaportes-consulares",
    "apostilla-legalizaciones",
    "antecedentes-judiciales",
    "registro-civil",
]
_AGENT_TOPICS = ["impuestos", "documentos-identidad", "portal-gobierno-en-linea", "subsidios"]

TEAM: list[dict] = [
    {
        "username": "carolina.ruiz",
        "first_name": "Carolina",
        "last_name": "Ruiz Peña",
        "email": "carolina.ruiz@antd.example",
        "role": "admin",
        "topics": [],
    },
    {
        "username": "andres.mejia",
        "first_name": "Andrés",
        "last_name": "Mejía Salcedo",
        "email": "andres.mejia@antd.example",
        "role": "supervisor",
        "topics": [],
    },
    {
        "username": "valentina.rios",
        "first_name": "Valentina",
        "last_name": "Ríos Cárdenas",
        "email": "valentina.rios@antd.example",
        "role": "agent",
        "topics": list(_AGENT_TOPICS),
    },
    {
        "username": "jorge.pardo",
        "first_name": "Jorge",
        "last_name": "Pardo Villamil",
        "email": "jorge.pardo@antd.example",
        "role": "expert",
        "topics": list(_EXPERT_TOPICS),
    },
    {
        "username": "natalia.castro",
        "first_name": "Natalia",
        "last_name": "Castro Ibáñez",
        "email": "natalia.castro@antd.example",
        "role": "analyst",
        "topics": [],
    },
]

CHANNELS: list[dict] = [
    {"kind": "webform", "name": "Formulario Escríbanos", "handle": "escribanos"},
    {"kind": "email", "name": "Correo de contacto", "handle": "contacto@antd.example"},
    {"kind": "bluesky", "name": "ANTD en Bluesky", "handle": "@antd.bsky.social"},
    {"kind": "mastodon", "name": "ANTD en Mastodon", "handle": "antd@mastodon.example"},
    {"kind": "x", "name": "ANTD en X", "handle": "@ANTD_Colombia"},
    {"kind": "facebook", "name": "ANTD Colombia", "handle": "ANTD Colombia"},
]

KINDS = (
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
)
SENTIMENTS = ("positivo", "neutro", "negativo")
STATES = ("new", "open", "waiting", "answered", "closed")

# Measured over 250,000 conversations; ``manage.py demo --size`` can divide by it.
MEAN_MESSAGES_PER_CONVERSATION = 3.25


@dataclass(frozen=True, slots=True)
class DemoAuthor:
    """A citizen identity on one network; ``person_key`` links identities across networks."""

    key: str
    person_key: str
    display_name: str
    handle: str
    email: str | None
    # What the network would say of the account (social networks only): its age in days
    # at the identity's first message, whether it has a picture, its followers.
    account_age_days: float | None = None
    has_avatar: bool | None = None
    followers: int | None = None


@dataclass(slots=True)
class DemoMessage:
    """One message: ``in`` from the citizen, ``out`` from the institution."""

    direction: str
    text: str
    at: dt.datetime


@dataclass(slots=True)
class DemoConversation:
    """A thread on one channel, with the state and assignee it ends in."""

    channel_kind: str
    topic_slug: str | None
    kind: str
    sentiment: str
    subject: str
    author: DemoAuthor
    messages: list[DemoMessage]
    final_state: str
    assignee: str | None


def generate_conversations(
    *, seed: int, count: int, end: dt.datetime, days: int = 90
) -> Iterator[DemoConversation]:
    """Yield ``count`` conversations started within ``days`` before ``end``, oldest first.

    ``end`` must be timezone-aware; every message time is UTC, within
    ``[end - days, end]`` and strictly increasing inside a conversation.
    """
    if end.tzinfo is None or end.utcoffset() is None:
        raise ValueError("end must be timezone-aware")
    if days < 1:
        raise ValueError("days must be at least 1")
    return _Generator(seed=seed, end=end, days=days).run(count)


# --- Tables -------------------------------------------------------------------

_SOCIAL = frozenset({"bluesky", "mastodon", "x", "facebook"})
_CHANNEL_KINDS = tuple(c["kind"] for c in CHANNELS)
#: Networks whose connectors report account facts (creation date, picture, followers).
_ACCOUNT_FACTS = frozenset({"bluesky", "mastodon", "x"})


def _account_facts(channel: str, key: str, *, bot: bool) -> dict[str, Any]:
    """Age, picture and followers of a social account, from a generator of its own (the
    demo's main draws stay the same): throwaway spam accounts are days old and bare."""
    if channel not in _ACCOUNT_FACTS:
        return {}
    rng = random.Random(key)
    if bot:
        return {
            "account_age_days": rng.uniform(0.5, 20),
            "has_avatar": rng.random() < 0.2,
            "followers": rng.randint(0, 4),
        }
    return {
        "account_age_days": rng.uniform(150, 4500),
        "has_avatar": rng.random() < 0.85,
        "followers": int(rng.lognormvariate(4.5, 1.2)),
    }


_CHANNEL_WEIGHTS = (12, 12, 10, 8, 30, 28)  # webform, email, bluesky, mastodon, x, facebook
_MENTIONS = {
    "x": "@ANTD_Colombia",
    "bluesky": "@antd.bsky.social",
    "mastodon": "@antd@mastodon.example",
}
_LENGTH_LIMITS = {"x": 280, "bluesky": 300, "mastodon": 500}

# Kind mix per channel group, in KINDS order. The web form has a honeypot, so little spam.
_KIND_WEIGHTS = {
    "social": (38, 5, 6, 14, 3, 4, 2, 9, 11, 4, 4),
    "email": (30, 18, 14, 12, 9, 4, 5, 4, 1, 1, 5),
    "webform": (32, 20, 15, 12, 9, 5, 5, 4, 1, 1, 1),
}
_TOPIC_SLUGS = tuple(t[0] for t in TOPICS)
_TOPIC_NAMES = {slug: name for slug, name, _ in TOPICS}
_TOPIC_WEIGHTS = (22, 9, 13, 14, 14, 12, 9, 7)
_SENTIMENT_WEIGHTS = {  # positivo, neutro, negativo
    "pregunta": (10, 70, 20),
    "peticion": (5, 75, 20),
    "informacion": (8, 85, 7),
    "queja": (0, 8, 92),
    "reclamo": (0, 12, 88),
    "sugerencia": (25, 65, 10),
    "denuncia": (0, 25, 75),
    "felicitacion": (95, 5, 0),
    "comentario": (30, 45, 25),
    "abuso": (0, 0, 100),
    "spam": (40, 60, 0),
}
# Citizen activity per local hour (America/Bogota), 0 h to 23 h.
_HOURS_SOCIAL = (
    8,
    5,
    3,
    2,
    2,
    4,
    10,
    20,
    32,
    38,
    40,
    38,
    34,
    34,
    36,
    36,
    34,
    32,
    34,
    38,
    40,
    36,
    26,
    16,
)
_HOURS_FORMAL = (
    3,
    2,
    1,
    1,
    1,
    2,
    6,
    18,
    38,
    46,
    48,
    44,
    34,
    38,
    42,
    40,
    34,
    24,
    18,
    16,
    14,
    12,
    8,
    5,
)
_WEEKDAY_WEIGHTS = (1.15, 1.10, 1.05, 1.0, 0.92, 0.55, 0.48)
_BOGOTA = -5 * 3600  # Colombia has no daylight saving time
_WORK_START, _WORK_END = 7, 17  # local office hours of the team
_NEVER = math.inf

# What happens after each act: (cumulative probability, next act). Acts in capitals
# written by the institution, lower-case by the citizen; "none" leaves the last
# citizen message unanswered, "silent" closes without reply, "end" stops.
_FLOW: dict[str, tuple[tuple[float, str], ...]] = {}


def _flow(name: str, *pairs: tuple[float, str]) -> None:
    total, table = 0.0, []
    for weight, act in pairs:
        total += weight
        table.append((total, act))
    _FLOW[name] = tuple((p / total, act) for p, act in table)


_flow("open:info", (66, "ANSWER"), (24, "ASK"), (2, "ROUTE"), (8, "none"))
_flow("open:peticion", (44, "ANSWER"), (20, "ASK"), (28, "ROUTE"), (8, "none"))
_flow("open:complaint", (52, "COMPLAINT_ASK"), (22, "ROUTE"), (17, "ANSWER"), (9, "none"))
_flow("open:denuncia", (87, "DENUNCIA"), (13, "none"))
_flow("open:sugerencia", (76, "SUGGESTION"), (12, "silent"), (12, "none"))
_flow("open:felicitacion", (62, "PRAISE"), (34, "silent"), (4, "none"))
_flow("open:comentario", (35, "COMMENT"), (57, "silent"), (8, "none"))
_flow("open:abuso", (15, "ABUSE"), (79, "silent"), (6, "none"))
_flow("open:spam", (94, "silent"), (6, "none"))
_flow("ANSWER", (36, "thanks"), (30, "followup"), (14, "error"), (20, "end"))
_flow("followup", (90, "FOLLOWUP_ANSWER"), (10, "none"))
_flow("FOLLOWUP_ANSWER", (45, "thanks"), (15, "followup"), (40, "end"))
_flow("error", (90, "TROUBLESHOOT"), (10, "none"))
_flow("TROUBLESHOOT", (45, "thanks"), (12, "error"), (18, "provide"), (25, "end"))
_flow("ASK", (76, "provide"), (24, "end"))
_flow("provide", (90, "ANSWER"), (10, "none"))
_flow("ROUTE", (38, "thanks"), (20, "pushback"), (42, "end"))
_flow("pushback", (62, "PUSHBACK"), (38, "silent"))
_flow("PUSHBACK", (35, "thanks"), (65, "end"))
_flow("thanks", (45, "ACK"), (55, "silent"))
_flow(
    "ACK",
    (100, "end"),
)
_flow("COMPLAINT_ASK", (72, "provide_case"), (8, "pushback"), (20, "end"))
_flow("provide_case", (89, "RESOLVE"), (11, "none"))
_flow("RESOLVE", (48, "thanks"), (10, "pushback"), (42, "end"))
_flow("DENUNCIA", (30, "thanks"), (70, "end"))
_flow("SUGGESTION", (35, "thanks"), (65, "end"))
_flow("PRAISE", (20, "thanks"), (80, "end"))
_flow("COMMENT", (20, "thanks"), (80, "end"))
_flow("ABUSE", (22, "abuse"), (24, "provide_case"), (54, "end"))
_flow(
    "abuse",
    (100, "silent"),
)
_flow("still", (62, "LATE_ANSWER"), (38, "none"))
_flow("LATE_ANSWER", (34, "thanks"), (24, "followup"), (42, "end"))

_OPEN_FLOW = {
    "pregunta": "open:info",
    "informacion": "open:info",
    "peticion": "open:peticion",
    "queja": "open:complaint",
    "reclamo": "open:complaint",
    "denuncia": "open:denuncia",
    "sugerencia": "open:sugerencia",
    "felicitacion": "open:felicitacion",
    "comentario": "open:comentario",
    "abuso": "open:abuso",
    "spam": "open:spam",
}
_ASKING_ACTS = frozenset({"ASK", "COMPLAINT_ASK"})
_NEEDS_ANSWER = frozenset({"pregunta", "peticion", "informacion", "queja", "reclamo"})
_MAX_MESSAGES = 6

# Writing styles: 0 formal, 1 plain, 2 casual, 3 sloppy.
_STYLE_WEIGHTS = {"social": (15, 40, 28, 17), "formal": (40, 40, 15, 5)}
_ACCENTS = tuple(zip("áéíóúÁÉÍÓÚü", "aeiouAEIOUu", strict=True))
_SLUG = str.maketrans("áéíóúÁÉÍÓÚüÜñÑ", "aeiouAEIOUuUnN")
_SLOPPY_WORDS = (
    ("por favor", "porfa"),
    ("porque", "xq"),
    ("por qué", "xq"),
    (" que ", " q "),
    ("también", "tb"),
    (" para ", " pa "),
    ("ustedes", "uds"),
    ("mensaje", "msj"),
    ("a ver", "aver"),
    ("necesito", "nesecito"),
    ("gracias", "grax"),
    ("hacer", "aser"),
)


class _FastRandom(random.Random):
    """``random.Random`` with cheaper draws: the generator makes millions of them.

    ``choice`` and ``randint`` scale one ``random()`` call instead of rejection
    sampling (a bias of about 1e-16, irrelevant here); ``lognormvariate`` reads a
    table of normal deviates drawn once from the same seed.
    """

    _TABLE = 8192

    def seed(self, a=None, version=2):
        super().seed(a, version)
        self._normals = [super(_FastRandom, self).gauss(0.0, 1.0) for _ in range(self._TABLE)]

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start, stop=None, step=1):
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def lognormvariate(self, mu, sigma):
        return math.exp(mu + sigma * self._normals[int(self.random() * self._TABLE)])


def _cumulative(weights) -> tuple[list[float], float]:
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    return cum, total


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    return "".join(ch for ch in text.translate(_SLUG).lower() if ch.isalnum())


@functools.cache
def _slots(template: str) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(template) if name)
    )


def _lower_first(text: str) -> str:
    if text[:1] in ("¿", "¡"):
        return text[0] + text[1:2].lower() + text[2:]
    if text[:2].isupper():  # an acronym such as RUT
        return text
    return text[:1].lower() + text[1:]


def _strip_accents(text: str) -> str:
    # Chained replace is several times faster than str.translate on short texts.
    for accented, plain in _ACCENTS:
        if accented in text:
            text = text.replace(accented, plain)
    return text


def _local_hour(ts: float) -> int:
    return int((ts + _BOGOTA) % 86400 // 3600)


class _Person:
    """A fictional citizen; may own identities on several networks."""

    __slots__ = ("key", "gender", "first", "last1", "last2", "style", "kinds")

    def __init__(self, key, gender, first, last1, last2, style):
        self.key, self.gender, self.first = key, gender, first
        self.last1, self.last2, self.style = last1, last2, style
        self.kinds: set[str] = set()


class _Citizen:
    """An author on one channel plus what the writer needs to know about them."""

    __slots__ = ("author", "person", "named", "bot")

    def __init__(self, author: DemoAuthor, person: _Person | None, named: bool):
        self.author, self.person, self.named = author, person, named
        self.bot = person is None


class _Conv:
    """Scratch state for the conversation being written."""

    __slots__ = (
        "channel",
        "social",
        "kind",
        "topic",
        "bank",
        "sentiment",
        "citizen",
        "style",
        "negative",
        "hint",
        "pending",
        "provided",
        "answered",
        "last",
        "vague",
    )


def _tag(line: str) -> tuple[str, int | None]:
    """Split "[3] text" into ("text", 3); untagged lines point at no answer."""
    if line.startswith("["):
        index, _, text = line[1:].partition("] ")
        return text, int(index)
    return line, None


def _ask(line: str) -> tuple[str, tuple[str, ...], frozenset[int]]:
    """Split "[0,3] question || reply || reply": the answers the question helps with."""
    indexes, _, rest = line[1:].partition("] ")
    said, replies = _pair(rest)
    return said, replies, frozenset(int(i) for i in indexes.split(","))


def _pair(line: str) -> tuple[str, tuple[str, ...]]:
    """Split "said || reply || other reply"."""
    said, *replies = (part.strip() for part in line.split("||"))
    return said, tuple(replies)


class _Bank:
    """A topic's fragments, parsed once from ``phrases.TOPIC_BANKS``."""

    __slots__ = (
        "answers",
        "nouns",
        "questions",
        "requests",
        "complaints",
        "claims",
        "details",
        "followups",
        "errors",
        "asks",
        "subjects",
    )

    def __init__(self, raw: dict[str, tuple[str, ...]]):
        self.answers, self.details, self.subjects = raw["answers"], raw["details"], raw["subjects"]
        for key in ("nouns", "questions", "requests", "complaints", "claims"):
            setattr(self, key, tuple(_tag(line) for line in raw[key]))
        self.followups = tuple(_pair(line) for line in raw["followups"])
        self.errors = tuple(_pair(line) for line in raw["errors"])
        self.asks = tuple(_ask(line) for line in raw["asks"])


_BANKS = {slug: _Bank(raw) for slug, raw in P.TOPIC_BANKS.items()}
_GENERIC_FOLLOWUPS = tuple(_pair(line) for line in P.GENERIC_FOLLOWUPS)
_GENERIC_ERRORS = tuple(_pair(line) for line in P.GENERIC_ERRORS)
_STILL_FAILING = tuple(_pair(line) for line in P.STILL_FAILING)
_ASK_GENERIC = tuple(_pair(line) for line in P.ASK_GENERIC)
_SIMPLE_REPLIES = {
    "ACK": P.ACK_THANKS,
    "DENUNCIA": P.DENUNCIA_REPLIES,
    "SUGGESTION": P.SUGGESTION_REPLIES,
    "PRAISE": P.PRAISE_REPLIES,
    "COMMENT": P.COMMENT_REPLIES,
    "ABUSE": P.ABUSE_REPLIES,
}


class _Generator:
    def __init__(self, *, seed: int, end: dt.datetime, days: int):
        self.rng = _FastRandom(seed)
        self.end_ts = int(end.timestamp())
        self.start_ts = self.end_ts - days * 86400
        self.year = end.astimezone(dt.UTC).year
        self._build_calendar()
        self._persons: list[_Person] = []
        self._pools: dict[str, list[_Citizen]] = {k: [] for k in _CHANNEL_KINDS}
        self._bots: dict[str, list[_Citizen]] = {k: [] for k in _CHANNEL_KINDS}
        self._handles: dict[str, set[str]] = {k: set() for k in _CHANNEL_KINDS}
        self._next_id = dict.fromkeys(_CHANNEL_KINDS, 0)
        self._incidents = self._pick_incidents(days)
        self._kind_cum = {g: _cumulative(w)[0] for g, w in _KIND_WEIGHTS.items()}
        self._topic_cum = _cumulative(_TOPIC_WEIGHTS)[0]
        self._channel_cum = _cumulative(_CHANNEL_WEIGHTS)[0]
        self._sent_cum = {k: _cumulative(w)[0] for k, w in _SENTIMENT_WEIGHTS.items()}
        self._style_cum = {g: _cumulative(w)[0] for g, w in _STYLE_WEIGHTS.items()}

    # --- calendar -----------------------------------------------------------------

    def _build_calendar(self) -> None:
        """Hourly weights for citizen activity and the team's working intervals."""
        first_day = dt.date.fromordinal(
            dt.date(1970, 1, 1).toordinal() + (self.start_ts + _BOGOTA) // 86400 - 1
        )
        last_day = dt.date.fromordinal(
            dt.date(1970, 1, 1).toordinal() + (self.end_ts + _BOGOTA) // 86400
        )
        years = range(first_day.year, last_day.year + 1)
        off = set(_holidays.country_holidays("CO", years=years)) if _holidays else set()
        self.work_starts: list[int] = []
        self.work_ends: list[int] = []
        day = first_day
        while day <= last_day:
            midnight = (day.toordinal() - dt.date(1970, 1, 1).toordinal()) * 86400 - _BOGOTA
            if day.weekday() < 5 and day not in off:
                self.work_starts.append(midnight + _WORK_START * 3600)
                self.work_ends.append(midnight + _WORK_END * 3600)
            day += dt.timedelta(days=1)
        self._slot_tables = {}
        n_slots = (self.end_ts - self.start_ts) // 3600
        for group, hours in (("social", _HOURS_SOCIAL), ("formal", _HOURS_FORMAL)):
            weights = []
            for k in range(n_slots):
                ts = self.start_ts + k * 3600
                local = dt.datetime.fromtimestamp(ts + _BOGOTA, dt.UTC)
                w = hours[local.hour] * _WEEKDAY_WEIGHTS[local.weekday()]
                if local.date() in off:
                    w *= 0.6
                weights.append(w * (0.8 + 0.4 * k / n_slots))  # the audience grows
            self._slot_tables[group] = _cumulative(weights)

    def _pick_incidents(self, days: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """A portal outage (a day and a half) and a tax deadline rush (ten days)."""
        rng, span = self.rng, days * 86400
        outage = self.start_ts + int(span * rng.uniform(0.3, 0.8))
        taxes = self.start_ts + int(span * rng.uniform(0.1, 0.6))
        return (outage, outage + 36 * 3600), (taxes, taxes + 10 * 86400)

    def _start_times(self, count: int) -> list[tuple[int, int]]:
        rng, out = self.rng, []
        ch_cum, ch_total = self._channel_cum, self._channel_cum[-1]
        for _ in range(count):
            ch = bisect.bisect(ch_cum, rng.random() * ch_total)
            cum, total = self._slot_tables["social" if _CHANNEL_KINDS[ch] in _SOCIAL else "formal"]
            slot = bisect.bisect(cum, rng.random() * total)
            out.append((self.start_ts + slot * 3600 + int(rng.random() * 3600), ch))
        out.sort()
        return out

    def _add_work(self, ts: float, seconds: float) -> float:
        """The moment ``seconds`` of office time after ``ts`` have passed."""
        starts, ends = self.work_starts, self.work_ends
        i = bisect.bisect_right(starts, ts) - 1
        if i >= 0 and ts < ends[i]:
            cur = ts
        else:
            i += 1
            if i >= len(starts):
                return _NEVER
            cur = starts[i]
        while True:
            room = ends[i] - cur
            if seconds <= room:
                return cur + seconds
            seconds -= room
            i += 1
            if i >= len(starts):
                return _NEVER
            cur = starts[i]

    def _reply_time(self, ts: float, c: _Conv, act: str) -> float:
        rng = self.rng
        hour = _local_hour(ts)
        if c.social and 6 <= hour < 22 and rng.random() < 0.2:
            return ts + 60 + rng.lognormvariate(7.2, 0.9)  # on call: ~20 minutes, any day
        if act == "ACK":
            median = 6.5 if c.social else 8.0
        elif c.social:
            median = 7.9  # ~45 working minutes
        else:
            median = 9.3  # ~3 working hours
        if c.topic in _EXPERT_TOPICS and act in ("ANSWER", "FOLLOWUP_ANSWER", "RESOLVE"):
            median += 0.4
        return self._add_work(ts, 90 + rng.lognormvariate(median, 1.0))

    def _citizen_time(self, ts: float, c: _Conv, act: str) -> float:
        rng = self.rng
        if act == "still":
            t = ts + rng.uniform(1.0, 4.0) * 86400
        else:
            t = ts + 40 + rng.lognormvariate(6.6 if c.social else 8.6, 1.3)
        if _local_hour(t) < 6 and rng.random() < 0.85:  # people sleep
            t += (6 - _local_hour(t)) * 3600 + rng.random() * 3 * 3600
        return t

    # --- people ---------------------------------------------------------------------

    def _citizen(self, channel: str, kind: str) -> _Citizen:
        rng = self.rng
        if kind == "spam":
            bots = self._bots[channel]
            if bots and rng.random() < 0.5:
                return rng.choice(bots)
            bot = self._new_bot(channel)
            bots.append(bot)
            return bot
        pool = self._pools[channel]
        if pool and rng.random() < 0.22:  # citizens write again
            return rng.choice(pool)
        person = None
        if self._persons and rng.random() < 0.07:  # the same citizen on another network
            candidate = rng.choice(self._persons)
            if channel not in candidate.kinds:
                person = candidate
        if person is None:
            person = self._new_person(channel)
        citizen = self._new_citizen(channel, person)
        pool.append(citizen)
        return citizen

    def _new_person(self, channel: str) -> _Person:
        rng = self.rng
        gender = "f" if rng.random() < 0.52 else "m"
        first = rng.choice(P.FIRST_NAMES_F if gender == "f" else P.FIRST_NAMES_M)
        group = "social" if channel in _SOCIAL else "formal"
        style = bisect.bisect(self._style_cum[group], rng.random() * self._style_cum[group][-1])
        person = _Person(
            f"p{len(self._persons) + 1}",
            gender,
            first,
            rng.choice(P.SURNAMES),
            rng.choice(P.SURNAMES),
            style,
        )
        self._persons.append(person)
        return person

    def _new_id(self, channel: str) -> str:
        self._next_id[channel] += 1
        return f"{channel}:{self._next_id[channel]}"

    def _unique(self, channel: str, base: str, limit: int = 30) -> str:
        taken = self._handles[channel]
        base = base[:limit] or "usuario"
        handle, n = base, 1
        while handle in taken:
            n += 1
            suffix = str(self.rng.randint(2, 99) if n < 4 else n * 7 + 11)
            handle = base[: limit - len(suffix)] + suffix
        taken.add(handle)
        return handle

    def _new_citizen(self, channel: str, person: _Person) -> _Citizen:
        rng = self.rng
        person.kinds.add(channel)
        first_token = person.first.split()[0]
        full = f"{person.first} {person.last1} {person.last2}"
        if channel in ("email", "webform"):
            display = (
                full
                if channel == "webform" or rng.random() < 0.6
                else f"{person.first} {person.last1}"
            )
            if channel == "webform" and rng.random() < 0.1:
                display = display.upper()
            email = self._email(channel, person)
            return _Citizen(
                DemoAuthor(self._new_id(channel), person.key, display, email, email), person, True
            )
        named = True
        r = rng.random()
        if channel == "facebook":
            display = f"{person.first} {person.last1}" if r < 0.7 else full
            handle = self._unique(channel, str(rng.randrange(10**14, 10**15)))
        else:
            if r < 0.45:
                display = f"{first_token} {person.last1}"
            elif r < 0.6:
                display = f"{first_token} {person.last1[0]}."
            elif r < 0.75:
                display = first_token + rng.choice(P.NICK_EMOJI)
            else:
                nicks = [n for n, g in P.NICKNAMES if g == person.gender]
                display = rng.choice(nicks)
                if rng.random() < 0.4:
                    display += " desde " + rng.choice(P.CITIES)
                named = False
            handle = self._social_handle(channel, person, display if not named else "")
        key = self._new_id(channel)
        facts = _account_facts(channel, key, bot=False)
        author = DemoAuthor(key, person.key, display, handle, None, **facts)
        return _Citizen(author, person, named)

    def _social_handle(self, channel: str, person: _Person, nick: str) -> str:
        rng = self.rng
        first, last = _slug(person.first.split()[0]), _slug(person.last1)
        r = rng.random()
        if nick:
            base = _slug(nick.split(" desde ")[0]) + rng.choice(
                ("", _slug(rng.choice(P.CITIES))[:6])
            )
        elif r < 0.35:
            base = first + last
        elif r < 0.6:
            base = f"{first}_{last}"
        elif r < 0.8:
            base = f"{first}{last[:1]}{rng.randint(60, 99):02d}"
        else:
            base = f"{first[:1]}{last}{_slug(person.last2)[:1]}"
        if channel == "x":
            return "@" + self._unique(channel, base, 15)
        if channel == "bluesky":
            return "@" + self._unique(channel, base.replace("_", "-"), 20) + ".bsky.social"
        instance = rng.choice(P.MASTODON_INSTANCES)
        return self._unique(channel, base, 20) + "@" + instance

    def _email(self, channel: str, person: _Person) -> str:
        rng = self.rng
        first, last = _slug(person.first.split()[0]), _slug(person.last1)
        r = rng.random()
        if r < 0.4:
            local = f"{first}.{last}"
        elif r < 0.7:
            local = f"{first[:1]}{last}{rng.randint(1, 99)}"
        else:
            local = f"{first}{_slug(person.last2)}{rng.randint(60, 2005)}"
        address = self._unique(channel, local, 30) + "@" + rng.choice(P.EMAIL_DOMAINS)
        return address

    def _new_bot(self, channel: str) -> _Citizen:
        rng = self.rng
        display = rng.choice(P.SPAM_NAMES)
        base = _slug(display)[:10] + str(rng.randint(100, 9999))
        email = None
        if channel in ("email", "webform"):
            handle = email = (
                self._unique(channel, base) + "@" + rng.choice(("promo.example", "ofertas.example"))
            )
        elif channel == "facebook":
            handle = self._unique(channel, str(rng.randrange(10**14, 10**15)))
        elif channel == "x":
            handle = "@" + self._unique(channel, base, 15)
        elif channel == "bluesky":
            handle = "@" + self._unique(channel, base, 20) + ".bsky.social"
        else:
            handle = self._unique(channel, base, 20) + "@spam.example"
        key = self._new_id(channel)
        facts = _account_facts(channel, key, bot=True)
        author = DemoAuthor(key, "bot:" + key, display, handle, email, **facts)
        return _Citizen(author, None, False)

    # --- conversations ---------------------------------------------------------------------

    def run(self, count: int) -> Iterator[DemoConversation]:
        for ts, ch in self._start_times(count):
            yield self._conversation(ts, _CHANNEL_KINDS[ch])

    def _classify(self, ts: int, channel: str) -> tuple[str, str | None]:
        rng = self.rng
        group = channel if channel in ("email", "webform") else "social"
        cum = self._kind_cum[group]
        kind = KINDS[bisect.bisect(cum, rng.random() * cum[-1])]
        topic = _TOPIC_SLUGS[bisect.bisect(self._topic_cum, rng.random() * self._topic_cum[-1])]
        (o_start, o_end), (t_start, t_end) = self._incidents
        if kind != "spam" and o_start <= ts < o_end and rng.random() < 0.6:
            topic = "portal-gobierno-en-linea"
            r = rng.random()
            kind = "queja" if r < 0.55 else "pregunta" if r < 0.9 else "abuso"
        elif kind != "spam" and t_start <= ts < t_end and rng.random() < 0.35:
            topic = "impuestos"
        if kind == "spam" or (
            kind in ("abuso", "comentario", "felicitacion") and rng.random() < 0.35
        ):
            topic = None
        return kind, topic

    def _conversation(self, ts0: int, channel: str) -> DemoConversation:
        rng = self.rng
        c = _Conv()
        c.channel, c.social = channel, channel in _SOCIAL
        c.kind, c.topic = self._classify(ts0, channel)
        c.bank = _BANKS[c.topic] if c.topic else None
        c.hint = c.pending = c.provided = None
        c.answered, c.last, c.vague = False, "open", False
        cum = self._sent_cum[c.kind]
        c.sentiment = SENTIMENTS[bisect.bisect(cum, rng.random() * cum[-1])]
        c.negative = c.sentiment == "negativo"
        c.citizen = self._citizen(channel, c.kind)
        c.style = c.citizen.person.style if c.citizen.person else 1
        msgs = [("in", self._opening(c, ts0), ts0)]
        if c.kind != "spam" and rng.random() < (0.3 if c.social else 0.04):
            t = ts0 + 15 + int(rng.lognormvariate(4.6, 0.9))  # a second message right after
            if t <= self.end_ts:
                msgs.append(("in", self._addendum(c, msgs[0][1]), t))
        last_act, outcome = self._play(c, msgs, _OPEN_FLOW[c.kind])
        state, assignee = self._final_state(c, msgs, last_act, outcome)
        stamp, utc = dt.datetime.fromtimestamp, dt.UTC
        messages = [DemoMessage(d, text, stamp(t, utc)) for d, text, t in msgs]
        return DemoConversation(
            channel_kind=channel,
            topic_slug=c.topic,
            kind=c.kind,
            sentiment=c.sentiment,
            subject=self._subject(c),
            author=c.citizen.author,
            messages=messages,
            final_state=state,
            assignee=assignee,
        )

    def _play(self, c: _Conv, msgs: list, flow: str) -> tuple[str, str]:
        """Walk the flow table, appending messages; return the last act and how it ended."""
        rng, last_act = self.rng, "open"
        stalled = False
        while True:
            r, act = rng.random(), "end"
            for p, candidate in _FLOW[flow]:
                if r < p:
                    act = candidate
                    break
            if act == "none" and not stalled and c.kind in _NEEDS_ANSWER and rng.random() < 0.35:
                act, stalled = "still", True  # the citizen insists after a silence
            if act in ("none", "silent", "end"):
                return last_act, act
            if act == "ASK" and not self._asks(c):
                act = "ANSWER"  # a precise question gets the answer straight away
            inst = act.isupper()
            # If this act cannot happen, the thread ends as it stands: a citizen
            # message still waiting ("none") or an institution reply ("end").
            halt = "none" if inst or act == "still" else "end"
            if len(msgs) >= _MAX_MESSAGES:  # threads rarely go longer; stop where we are
                return last_act, "silent" if last_act == "thanks" else halt
            prev = msgs[-1][2]
            t = self._reply_time(prev, c, act) if inst else self._citizen_time(prev, c, act)
            t = max(t, prev + 20)
            if t > self.end_ts:  # what would come next has not happened yet
                return last_act, halt
            t = int(t)
            text = self._institution_text(c, act, t) if inst else self._citizen_text(c, act, t)
            msgs.append(("out" if inst else "in", text, t))
            last_act, flow = act, act

    def _final_state(
        self, c: _Conv, msgs: list, last_act: str, outcome: str
    ) -> tuple[str, str | None]:
        rng = self.rng
        replied = any(d == "out" for d, _, _ in msgs)
        if outcome == "none":
            if not replied and rng.random() < 0.6:
                return "new", None
            return "open", self._assignee(c)
        age = self.end_ts - msgs[-1][2]
        if outcome == "silent":
            if c.kind in ("spam", "abuso") and not replied and rng.random() < 0.3:
                return "closed", None
            return "closed", self._assignee(c)
        if last_act in _ASKING_ACTS:
            state = "closed" if age > 10 * 86400 and rng.random() < 0.6 else "waiting"
        elif age < 2 * 86400 or rng.random() < 0.25:
            state = "answered"
        else:
            state = "closed"
        return state, self._assignee(c)

    def _assignee(self, c: _Conv) -> str:
        r = self.rng.random()
        if r < 0.03:
            return "carolina.ruiz"
        if c.kind in ("queja", "reclamo", "denuncia") and r < 0.38:
            return "andres.mejia"
        if (
            c.topic in _EXPERT_TOPICS
            and c.kind in ("pregunta", "peticion", "informacion", "reclamo")
            and r < 0.55
        ):
            return "jorge.pardo"
        return "valentina.rios"

    def _subject(self, c: _Conv) -> str:
        if c.social:
            return ""
        rng = self.rng
        if c.kind in ("pregunta", "peticion", "informacion") and rng.random() < 0.6:
            subject = rng.choice(c.bank.subjects)
        else:
            subject = rng.choice(P.KIND_SUBJECTS[c.kind])
            if c.topic and rng.random() < 0.4:
                subject += " - " + _TOPIC_NAMES[c.topic]
        if c.negative and rng.random() < 0.12:
            subject = "URGENTE: " + subject
        if c.style == 3:
            subject = _strip_accents(subject.lower())
        return subject

    # --- texts ----------------------------------------------------------------------------------

    def _fill(self, text: str, c: _Conv, noun: str | None = None) -> str:
        """Fill the slots of a fragment, drawing only the values it uses."""
        if "{" not in text:
            return text
        rng = self.rng
        values = {}
        for name in _slots(text):
            if name == "city":
                values[name] = rng.choice(P.CITIES)
            elif name == "abroad":
                values[name] = rng.choice(P.ABROAD)
            elif name == "n":
                values[name] = rng.randint(2, 6)
            elif name == "month":
                values[name] = rng.choice(P.MONTHS)
            elif name == "noun":
                values[name] = noun or rng.choice(c.bank.nouns)[0]
            else:  # rad
                values[name] = f"ANTD-{self.year}-{rng.randrange(1, 10**6):06d}"
        return text.format_map(values)

    def _tagged(self, c: _Conv, lines: tuple[tuple[str, int | None], ...]) -> str:
        """A line that may point at its answer; remember the answer for the reply."""
        text, c.hint = self.rng.choice(lines)
        return self._fill(text, c)

    def _templated(self, c: _Conv, templates: tuple[str, ...]) -> str:
        """A generic shape around one of the topic's procedures."""
        noun, c.hint = self.rng.choice(c.bank.nouns)
        c.vague = True
        text = self._fill(self.rng.choice(templates), c, noun)
        return text.replace(" de el ", " del ").replace(" a el ", " al ")

    def _asks(self, c: _Conv) -> list[tuple[str, tuple[str, ...]]]:
        """The questions that make sense to ask back about what the citizen wrote."""
        if c.bank is None:
            return []
        options = [(said, replies) for said, replies, fits in c.bank.asks if c.hint in fits]
        if c.vague or c.kind in ("peticion", "queja", "reclamo"):
            options.extend(_ASK_GENERIC)
        return options

    def _greeting(self, ts: float) -> str:
        rng = self.rng
        if rng.random() < 0.45:
            return rng.choice(P.GREET_ANY)
        hour = _local_hour(ts)
        bank = (
            P.GREET_MORNING
            if 5 <= hour < 12
            else P.GREET_AFTERNOON
            if 12 <= hour < 19
            else P.GREET_NIGHT
        )
        return rng.choice(bank)

    def _core(self, c: _Conv) -> str:
        """The heart of the citizen's first message, by kind."""
        rng, kind, bank = self.rng, c.kind, c.bank
        r = rng.random()
        if kind == "pregunta":
            return (
                self._tagged(c, bank.questions)
                if r < 0.75
                else self._templated(c, P.QUESTION_TEMPLATES)
            )
        if kind == "informacion":
            return (
                self._tagged(c, bank.questions)
                if r < 0.35
                else self._templated(c, P.INFO_TEMPLATES)
            )
        if kind == "peticion":
            return (
                self._tagged(c, bank.requests)
                if r < 0.7
                else self._templated(c, P.REQUEST_TEMPLATES)
            )
        if kind == "queja":
            return (
                self._tagged(c, bank.complaints)
                if r < 0.7
                else self._templated(c, P.COMPLAINT_TEMPLATES)
            )
        if kind == "reclamo":
            return (
                self._tagged(c, bank.claims)
                if r < 0.85
                else self._templated(c, P.COMPLAINT_TEMPLATES)
            )
        if kind == "sugerencia":
            return self._fill(rng.choice(P.SUGGESTIONS), c)
        if kind == "denuncia":
            return self._fill(rng.choice(P.DENUNCIAS), c)
        if kind == "felicitacion":
            text = self._fill(rng.choice(P.PRAISE), c)
            if bank and r < 0.4:
                text += " " + self._fill("Me ayudaron con {noun}.", c)
            return text
        if kind == "comentario":
            return self._fill(rng.choice(P.COMMENTS[c.sentiment]), c)
        if kind == "abuso":
            text = rng.choice(P.ABUSE)
            if bank and r < 0.4:
                text = self._fill(rng.choice(bank.complaints)[0], c) + " " + text
            elif r < 0.65:
                text += " " + rng.choice(P.ABUSE_TAILS)
            return text
        return rng.choice(P.SPAM) + rng.choice(P.SPAM_TAILS)

    def _opening(self, c: _Conv, ts: float) -> str:
        rng, kind = self.rng, c.kind
        core = self._core(c)
        if kind == "spam":
            mention = _MENTIONS.get(c.channel)
            return f"{mention} {core}" if mention and rng.random() < 0.5 else core
        parts = []
        chatty = kind not in ("comentario", "abuso")
        needy = kind in _NEEDS_ANSWER
        formal = c.channel in ("email", "webform")
        p_greet = (0.9, 0.6, 0.4, 0.3)[c.style] * (1.0 if formal else 0.6)
        greeting = self._greeting(ts) if chatty and rng.random() < p_greet else None
        if kind in ("pregunta", "peticion", "informacion") and rng.random() < 0.22:
            parts.append(rng.choice(P.OPENERS))
        parts.append(core)
        if needy and rng.random() < 0.4:
            parts.append(self._fill(rng.choice(c.bank.details), c))
        if c.negative and needy and rng.random() < 0.4:
            parts.append(self._fill(rng.choice(P.FRUSTRATION), c))
        if needy and rng.random() < (0.4 if formal else 0.2):
            parts.append(rng.choice(P.PLEAS))
        body = " ".join(parts)
        if formal:
            text = self._letter(c, greeting, body)
        else:
            if greeting:
                sep = rng.choice((", ", ". ", "! ", " "))
                body = greeting + sep + (_lower_first(body) if sep == ", " else body)
            if c.social and rng.random() < 0.35:
                bank = (
                    P.EMOJI_ANGRY
                    if c.negative
                    else P.EMOJI_HAPPY
                    if c.sentiment == "positivo"
                    else P.EMOJI_NEUTRAL
                )
                body += rng.choice(bank)
            mention = _MENTIONS.get(c.channel)
            text = f"{mention} {body}" if mention and rng.random() < 0.45 else body
        return self._limit(self._informal(text, c), c.channel)

    def _letter(self, c: _Conv, greeting: str | None, body: str) -> str:
        """An e-mail or web-form message: greeting line, body, sign-off and name."""
        rng, person = self.rng, c.citizen.person
        lines = [greeting + ("," if rng.random() < 0.7 else ":")] if greeting else []
        lines.append(body)
        if c.style < 3 and rng.random() < 0.8:
            sign = rng.choice(P.SIGN_OFF_F if person.gender == "f" else P.SIGN_OFF_M)
            name = c.citizen.author.display_name if rng.random() < 0.6 else person.first
            lines.append(f"{sign},\n{name}")
        return "\n\n".join(lines)

    def _informal(self, text: str, c: _Conv) -> str:
        """Rewrite a text the way this citizen types: accents, abbreviations, caps, typos."""
        style, rng = c.style, self.rng
        if c.citizen.bot or style == 0:
            return text
        if style == 1:
            if rng.random() < 0.2:
                text = _strip_accents(text)
        elif style == 2:
            if rng.random() < 0.3:
                text = text.replace("por favor", "porfa").replace(" que ", " q ")
            if rng.random() < 0.6:
                text = _strip_accents(text)
            if rng.random() < 0.7:
                text = text.replace("¿", "").replace("¡", "")
            if rng.random() < 0.5:
                text = _lower_first(text)
        else:
            for old, new in _SLOPPY_WORDS:
                if old in text and rng.random() < 0.6:
                    text = text.replace(old, new)
            text = _strip_accents(text.lower()).replace("¿", "").replace("¡", "").rstrip(".")
            if rng.random() < 0.45:
                text = self._typo(text)
        if style >= 2 and "!" in text and rng.random() < 0.3:
            text = text.replace("!", "!!!")
        if c.negative and rng.random() < (0.25 if style >= 2 else 0.05):
            text = text.upper()
        return text

    def _typo(self, text: str) -> str:
        if len(text) < 8:
            return text
        i = self.rng.randrange(1, len(text) - 2)
        a, b = text[i], text[i + 1]
        if a.isalpha() and b.isalpha():
            return text[:i] + b + a + text[i + 2 :]
        return text

    @staticmethod
    def _limit(text: str, channel: str) -> str:
        limit = _LENGTH_LIMITS.get(channel)
        if not limit or len(text) <= limit:
            return text
        cut = text.rfind(". ", 0, limit - 1)
        if cut > limit // 3:
            return text[: cut + 1]
        return text[: limit - 1].rsplit(" ", 1)[0] + "…"

    def _addendum(self, c: _Conv, first: str) -> str:
        """What people send a minute after their first message."""
        rng, r = self.rng, self.rng.random()
        if c.kind == "abuso":
            text = rng.choice(P.ABUSE_TAILS)
        elif c.sentiment == "positivo" and c.kind in ("felicitacion", "comentario", "sugerencia"):
            text = rng.choice(P.ADDENDA_POSITIVE)
        elif c.kind in ("felicitacion", "comentario", "sugerencia", "denuncia"):
            text = rng.choice(P.ADDENDA[:5])
        elif r < 0.45:
            text = self._fill(rng.choice(c.bank.details), c)
            if text in first:
                text = rng.choice(P.ADDENDA)
        elif c.negative and r < 0.75:
            text = self._fill(rng.choice(P.FRUSTRATION), c)
        else:
            text = rng.choice(P.ADDENDA)
        return self._limit(self._informal(text, c), c.channel)

    def _citizen_text(self, c: _Conv, act: str, ts: float) -> str:
        rng = self.rng
        generic = c.bank is None or rng.random() < 0.35
        if act == "thanks":
            text = rng.choice(P.THANKS)
            if c.social and rng.random() < 0.3:
                text += rng.choice(P.EMOJI_HAPPY)
        elif act == "followup":
            text, answers = rng.choice(_GENERIC_FOLLOWUPS if generic else c.bank.followups)
            c.pending = answers[0]
        elif act == "error":
            if c.last == "TROUBLESHOOT":
                text, answers = rng.choice(_STILL_FAILING)
            else:
                text, answers = rng.choice(_GENERIC_ERRORS if generic else c.bank.errors)
            c.pending = answers[0]
            if c.negative and rng.random() < 0.3:
                text += " " + rng.choice(P.FRUSTRATION)
        elif act == "provide":
            text = rng.choice(c.provided) if c.provided else rng.choice(P.CASE_DETAILS)
        elif act == "provide_case":
            text = rng.choice(P.CASE_DETAILS)
            if c.bank and rng.random() < 0.5:
                text += " " + rng.choice(c.bank.details)
        elif act == "pushback":
            text = rng.choice(P.PUSHBACK)
        elif act == "still":
            text = rng.choice(P.STILL_WAITING)
        else:  # "abuse": the citizen insists on insulting
            text = rng.choice(P.ABUSE) + " " + rng.choice(P.ABUSE_TAILS)
        c.last = act
        return self._limit(self._informal(self._fill(text, c), c), c.channel)

    def _answer(self, c: _Conv) -> str:
        """The substantive reply: the one that fits the question, else a sensible fallback."""
        rng, bank = self.rng, c.bank
        if c.answered:
            return rng.choice(P.SOLVED)
        c.answered = True
        if c.kind in ("queja", "reclamo"):
            fit = (
                bank.answers[c.hint] if c.hint is not None else rng.choice(P.COMPLAINT_RESOLUTIONS)
            )
            return rng.choice(P.COMPLAINT_ACKS) + " " + fit
        if c.hint is not None:
            return bank.answers[c.hint]
        return rng.choice(P.ROUTE_PQRSD)

    def _institution_core(self, c: _Conv, act: str) -> str:
        rng = self.rng
        if act == "ANSWER":
            return self._answer(c)
        if act == "LATE_ANSWER":
            return rng.choice(P.LATE_PREFIXES) + " " + self._answer(c)
        if act == "ASK":
            text, c.provided = rng.choice(self._asks(c))
            return text
        if act in ("FOLLOWUP_ANSWER", "TROUBLESHOOT"):
            return c.pending or rng.choice(P.SOLVED)
        if act == "ROUTE":
            text = rng.choice(P.ROUTE_PQRSD)
            if c.kind in ("queja", "reclamo"):
                text = rng.choice(P.COMPLAINT_ACKS) + " " + text
            return text
        if act == "COMPLAINT_ASK":
            return rng.choice(P.COMPLAINT_ACKS) + " " + rng.choice(P.COMPLAINT_ASKS)
        if act == "RESOLVE":
            return rng.choice(P.COMPLAINT_RESOLUTIONS)
        if act == "PUSHBACK":
            return rng.choice(P.PUSHBACK_REPLIES)
        return rng.choice(_SIMPLE_REPLIES[act])

    @staticmethod
    def _addressed_as(citizen: _Citizen) -> str | None:
        """The first name the citizen shows, to greet them by it."""
        if not citizen.named:
            return None
        first = citizen.person.first
        return first if citizen.author.display_name.startswith(first) else first.split()[0]

    def _salutation(self, citizen: _Citizen, first: str | None, ts: float) -> str:
        r = self.rng.random()
        if first and r < 0.35:
            return ("Estimada " if citizen.person.gender == "f" else "Estimado ") + first + ":"
        hour = _local_hour(ts)
        greeting = "Buenos días" if hour < 12 else "Buenas tardes" if hour < 19 else "Buenas noches"
        if r < 0.6:
            greeting = "Hola"
        return f"{greeting}, {first}:" if first else f"{greeting}:"

    def _institution_text(self, c: _Conv, act: str, ts: float) -> str:
        rng = self.rng
        core = self._fill(self._institution_core(c, act), c)
        c.last = act
        first = self._addressed_as(c.citizen)
        if c.channel in ("email", "webform"):
            head = self._salutation(c.citizen, first, ts)
            if act == "ACK":
                return f"{head}\n\n{core}\n\n{P.INSTITUTION_SIGNATURE}"
            closing = rng.choice(P.REPLY_CLOSINGS)
            return f"{head}\n\n{core}\n\n{closing}\n\n{P.INSTITUTION_SIGNATURE}"
        parts = []
        if act != "ACK":
            r = rng.random()
            if first and r < 0.4:
                parts.append(f"Hola, {first}.")
            elif r < 0.6:
                parts.append(rng.choice(("¡Hola!", "Hola.", "Gracias por escribirnos.")))
        parts.append(core)
        if act != "ACK" and rng.random() < 0.3:
            parts.append(rng.choice(P.REPLY_CLOSINGS))
        text = " ".join(parts)
        limited = self._limit(text, c.channel)
        if len(limited) < len(text) and len(core) <= _LENGTH_LIMITS[c.channel]:
            limited = core  # drop the courtesy before cutting the substance
        if c.channel == "mastodon":  # Mastodon replies carry the mention
            limited = "@" + c.citizen.author.handle + " " + limited
        return limited
