"""Normalise social-media Spanish into plain lowercase tokens.

The output keeps what a linear model can use (words without accents, ``ñ``, ``?`` and
``!``, one token per emoji mood, ``url``/``usuario`` placeholders) and drops the noise
that splits one word into many spellings ("graciasss", "jajajsjs", "xq").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import NamedTuple

#: Longest input read, in characters: enough for a long e-mail, cheap for a 100 kB paste.
MAX_CHARS = 5_000

# Accented vowels fold to plain ones; ``ñ`` stays, as it changes meaning (ano/año).
_ACCENTS = str.maketrans(
    "áàâäãåéèêëíìîïóòôöõúùûüçÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇ",
    "aaaaaaeeeeiiiiooooouuuucaaaaaeeeeiiiiooooouuuuc",
)

# Common emoji mapped to a mood token; the rest become ``emoji``.
_EMOJI_GROUPS = {
    " emorisa ": "😂🤣😆😅😹😄😁😃😀",
    " emopos ": "🙂😊☺😉😇🤗😎🥳😌👌✨🌟⭐💯✅🎉🎊🌹🌸💐🌷",
    " emoamor ": "❤♥💙💚💛💜🧡🖤🤍💕💖💗💓💞💘😍🥰😘😻",
    " emoaplauso ": "👏🙌👍💪🤝🙏",
    " emotriste ": "😢😭😞😔☹🙁😟😥😪💔😿😩😫🥺",
    " emoenojo ": "😡😠🤬👎💢😤🖕🤮🤢💩",
    " emoduda ": "🤔🧐😕😐😑🙄😒😬🤨❓❔",
    " emosorpresa ": "😱😮😲😳🤯😨😰",
    " emofuego ": "🔥💥⚡",
    " emodinero ": "💰💵💸🤑💲🪙📈",
    " emosexy ": "🍑🍆💦👅🔞😈💋👙",
    " emoalerta ": "⚠🚨‼❗❕🆘",
    " emoenlace ": "👉👇👈☝🔗📲",
}
_EMOJI = {ch: token for token, chars in _EMOJI_GROUPS.items() for ch in chars}

#: The tokens the normaliser puts in place of things, as staff read them in explanations.
PLACEHOLDERS = {
    "url": "enlace",
    "urlcorta": "enlace acortado",
    "usuario": "@mención",
    "hashtag": "#etiqueta",
    "numlargo": "número largo",
    "0": "número",
    "jaja": "risa",
    "emoji": "emoji",
    "emorisa": "emoji de risa",
    "emopos": "emoji alegre",
    "emoamor": "emoji de amor",
    "emoaplauso": "emoji de aplauso",
    "emotriste": "emoji triste",
    "emoenojo": "emoji de enojo",
    "emoduda": "emoji de duda",
    "emosorpresa": "emoji de sorpresa",
    "emofuego": "emoji de fuego",
    "emodinero": "emoji de dinero",
    "emosexy": "emoji sexual",
    "emoalerta": "emoji de alerta",
    "emoenlace": "emoji que señala",
}

# Short forms of chat Spanish, expanded so they share features with the full words.
_SHORT_FORMS = {
    "q": "que",
    "k": "que",
    "ke": "que",
    "xq": "porque",
    "pq": "porque",
    "xk": "porque",
    "porq": "porque",
    "tb": "tambien",
    "tmb": "tambien",
    "tbn": "tambien",
    "pls": "por favor",
    "plis": "por favor",
    "plz": "por favor",
    "xfa": "por favor",
    "xfavor": "por favor",
    "porfa": "por favor",
    "porfis": "por favor",
    "d": "de",
    "dnd": "donde",
    "cdo": "cuando",
    "bn": "bien",
    "msj": "mensaje",
    "msjs": "mensajes",
    "tqm": "te quiero mucho",
    "x": "por",
    "sr": "senor",
    "sra": "senora",
    "ud": "usted",
    "uds": "ustedes",
    "vdd": "verdad",
    "tmr": "malparido",
    "hpta": "hp",
    "hptas": "hp",
    "hijueputa": "hp",
    "hijueputas": "hp",
    "jueputa": "hp",
    "gonorreas": "gonorrea",
    "sume": "sumerce",
}

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:bit\.ly|tinyurl\.com|goo\.gl|cutt\.ly|ow\.ly|is\.gd|"
    r"shorturl\.at|rb\.gy|t\.me|wa\.me|linktr\.ee|tiny\.cc|s\.id)/\S*",
    re.I,
)
_SHORTENERS = re.compile(
    r"(?:bit\.ly|tinyurl\.com|goo\.gl|cutt\.ly|ow\.ly|is\.gd|shorturl\.at|rb\.gy|t\.me|"
    r"wa\.me|linktr\.ee|tiny\.cc|s\.id)/",
    re.I,
)
_MENTION = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-záéíóúñ])(?=[A-ZÁÉÍÓÚÑ])|(?<=[A-Za-z])(?=\d)")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_PICTOGRAPH = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u203c\u2049\u2753-\u2757]"
)
_ACCENTED = re.compile(r"[áàâäãåéèêëíìîïóòôöõúùûüç]")
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
_TOKEN = re.compile(r"[a-zñ0-9]+|[?!]+")
_LAUGH = re.compile(
    r"[aeiou]?(?:j+[aeiou]+){2,}j*|[aeiou]?(?:h+[aeiou]+){2,}h*|(?:j+s+){2,}j*|x+d+"
)
_ELONGATION = re.compile(r"([a-zñ])\1{2,}")


def _bound(text: object) -> str:
    """A message as a string of at most :data:`MAX_CHARS` characters."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return text[:MAX_CHARS]


def clean_unicode(text: object) -> str:
    """Return ``text`` as a safe, bounded string: lone surrogates and controls removed."""
    text = _bound(text)
    if text.isascii():
        return text
    return _nfkc(text)


def _nfkc(text: str) -> str:
    """Lone surrogates out, then NFKC: the "𝐛𝐨𝐥𝐝" letters of spam bots and full-width
    text become plain letters. The quick check spares the work for most text."""
    text = _SURROGATE.sub(" ", text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _url(match: re.Match[str]) -> str:
    """Links become ``url``, or ``urlcorta`` for a link shortener."""
    return " urlcorta " if _SHORTENERS.search(match.group()) else " url "


def _number(match: re.Match[str]) -> str:
    """Long numbers (phones, ids) and short ones (amounts, days) become two tokens."""
    digits = sum(ch.isdigit() for ch in match.group())
    return " numlargo " if digits >= 7 else " 0 "


def _hashtag(match: re.Match[str]) -> str:
    """Split ``#PazTotal`` into ``hashtag paz total``."""
    return " hashtag " + _CAMEL.sub(" ", match.group(1)) + " "


def _pictograph(match: re.Match[str]) -> str:
    """A known emoji becomes its mood token, any other pictograph ``emoji``."""
    return _EMOJI.get(match.group(), " emoji ")


def _word(token: str) -> str:
    """Normalise one token: laughter, elongations and chat short forms."""
    if token[0] in "?!\n":
        return token[0]
    if _LAUGH.fullmatch(token):
        return "jaja"
    if _ELONGATION.search(token):  # searching first: a substitution costs far more
        token = _ELONGATION.sub(r"\1", token)
    return _SHORT_FORMS.get(token, token)


class _WordCache(dict[str, str]):
    """Token -> normalised token, filled on first sight: most tokens repeat across messages."""

    max_size = 200_000

    def __missing__(self, token: str) -> str:
        if len(self) >= self.max_size:
            self.clear()
        out = self[token] = _word(token)
        return out


_WORDS = _WordCache()


def _replace_links(text: str) -> str:
    """Links to ``url``/``urlcorta``; only the words that can hold one are scanned.

    Whitespace between words becomes one space (newlines too: callers that keep them
    split lines first).
    """
    if "/" not in text and "www" not in text.lower():
        return text
    words = text.split()
    for i, word in enumerate(words):
        if "/" in word or "www" in word.lower():
            words[i] = _URL.sub(_url, word)
    return " ".join(words)


def _replace_marks(text: str) -> str:
    """Mentions, hashtags and emoji to tokens; each pass only when it can match."""
    if "@" in text:
        text = _MENTION.sub(" usuario ", text)
    if "#" in text:
        text = _HASHTAG.sub(_hashtag, text)
    if not text.isascii():
        text = _PICTOGRAPH.sub(_pictograph, text)
    return text


def normalize(text: object) -> str:
    """Normalise one message; never raises, whatever the input.

    >>> normalize("Graciasss @Cancilleria!!! 😍 #ApostillaEnLinea https://bit.ly/x")
    'gracias usuario ! emoamor hashtag apostilla en linea urlcorta'
    """
    text = _replace_marks(_replace_links(clean_unicode(text))).lower()
    if not text.isascii():
        text = _ACCENTED.sub(lambda m: m.group().translate(_ACCENTS), text)
    text = _NUMBER.sub(_number, text)
    return " ".join(map(_WORDS.__getitem__, _TOKEN.findall(text)))


def _prepare(text: object) -> str:
    """One message (or word) bounded, links replaced, on one line, for :func:`_batch_tokens`."""
    text = _replace_links(clean_unicode(text))
    return text.replace("\n", " ").replace("\r", " ") if "\n" in text or "\r" in text else text


# The raw tokens of a batch, before case, accents, numbers and chat spellings are folded:
# runs of letters, numbers (with their inner separators), runs of ?/!, message breaks.
_RAW_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,:/-]\d+)*|[?!]+|\n")


def _fold(raw: str) -> tuple[str, ...]:
    """The normalised tokens of one raw token: what :func:`normalize` makes of it."""
    if raw[0] in "?!\n":
        return (raw[0],)
    if raw[0].isdecimal():  # a number: long ones (phones, ids) and short ones
        return ("numlargo",) if sum(ch.isdigit() for ch in raw) >= 7 else ("0",)
    text = raw.lower()
    if text.isascii():  # letters only: one token
        return tuple(_WORDS[text].split())
    text = text.translate(_ACCENTS)
    return tuple(chain.from_iterable(_WORDS[t].split() for t in _TOKEN.findall(text)))


class _RawCache(dict[str, tuple[str, ...]]):
    """Raw token -> its normalised tokens (none, one, or more for short forms like "pls")."""

    max_size = 200_000

    def __missing__(self, raw: str) -> tuple[str, ...]:
        if len(self) >= self.max_size:
            self.clear()
            self["\n"] = ("\n",)
        out = self[raw] = _fold(raw)
        return out


_PARTS = _RawCache({"\n": ("\n",)})
_LOCK = threading.Lock()


def _batch_tokens(texts: Iterable[object]) -> tuple[list[str], int]:
    """Raw tokens of a batch, ``"\\n"`` between messages, and how many messages there are.

    Messages are joined by newlines (removed from each message first), so the regexes,
    which never cross a newline, see them one by one: each pass runs once per batch. Case,
    accents, numbers and chat spellings are folded per distinct raw token (:data:`_PARTS`).
    """
    prepared = [_prepare(t) for t in texts]
    if not prepared:
        return [], 0
    return _RAW_TOKEN.findall(_replace_marks("\n".join(prepared))), len(prepared)


def normalize_many(texts: Iterable[object]) -> list[str]:
    """:func:`normalize` for a batch, much faster: each pass runs once over all messages."""
    return tokenize_many(texts).docs()


# Put between messages when a batch is split into words. A message holding it gets U+FFFE
# in its place, which every step of :func:`normalize` treats alike (both are non-characters).
_SEPARATOR = "\uffff"


def _fold_words(words: list[str]) -> list[tuple[str, ...]]:
    """The normalised tokens of each whitespace-free word, computed as one batch."""
    if not words:
        return []
    tokens, _ = _batch_tokens(words)
    joined = " ".join(chain.from_iterable(map(_PARTS.__getitem__, tokens)))
    return [tuple(part.split()) for part in joined.split("\n")]


class _SplitCache(dict[str, tuple[str, ...]]):
    """Whitespace-delimited word, as written ("Graciasss!!", "@Alcaldia") -> its tokens."""

    max_size = 100_000

    def add(self, words: list[str]) -> None:
        """Fold the distinct ``words`` (none of them known yet) and keep them."""
        if len(self) + len(words) > self.max_size:
            self.clear()
            self[_SEPARATOR] = ("\n",)
        self.update(zip(words, _fold_words(words), strict=True))


_SPLIT = _SplitCache({_SEPARATOR: ("\n",)})


def tokenize_many(texts: Iterable[object]) -> Tokens:
    """The normalised tokens of a batch in one flat list, ``"\\n"`` between messages.

    The same tokens as ``[normalize(t).split() for t in texts]`` without building a string
    per message: what the vectoriser reads when it classifies a batch. Every step of
    :func:`normalize` works within whitespace-delimited words (links, mentions, emoji,
    numbers and words never span a space), so the batch is split on whitespace and each
    distinct word is normalised once and remembered: most words recur across messages.
    """
    messages = [_bound(text) for text in texts]
    if not messages:
        return Tokens([], 0)
    joined = f" {_SEPARATOR} ".join(messages)
    if joined.count(_SEPARATOR) != len(messages) - 1:
        joined = f" {_SEPARATOR} ".join(m.replace(_SEPARATOR, "\ufffe") for m in messages)
    words = joined.split()
    parts = list(map(_SPLIT.get, words))
    if None in parts:
        with _LOCK:
            new = list(dict.fromkeys(w for w, p in zip(words, parts, strict=True) if p is None))
            _SPLIT.add(new)
            parts = [p if p is not None else _SPLIT[w] for w, p in zip(words, parts, strict=True)]
    return Tokens(list(chain.from_iterable(parts)), len(messages))


def forget_words() -> None:
    """Empty the word caches, as in a process that has just started (for benchmarks)."""
    with _LOCK:
        _WORDS.clear()
        _PARTS.clear()
        _PARTS["\n"] = ("\n",)
        _SPLIT.clear()
        _SPLIT[_SEPARATOR] = ("\n",)


def tokenize_docs(docs: Sequence[str]) -> Tokens:
    """:class:`Tokens` of messages already normalised (one string each)."""
    flat: list[str] = []
    for doc in docs:
        flat += doc.split()
        flat.append("\n")
    if flat:
        flat.pop()
    return Tokens(flat, len(docs))


class Tokens(NamedTuple):
    """A batch of normalised messages as one token list; ``"\\n"`` separates messages."""

    flat: list[str]
    count: int

    def docs(self) -> list[str]:
        """One normalised string per message."""
        if not self.count:
            return []
        return [doc.strip() for doc in " ".join(self.flat).split("\n")]
