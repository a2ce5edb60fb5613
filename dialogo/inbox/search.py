"""Spanish-aware full-text search over conversations, on SQLite (FTS5) and PostgreSQL (GIN).

Both databases index the same pre-normalised text: lower case, no accents, Snowball Spanish
stems. So "trámites" finds "tramite" and "pasaportes" finds "pasaporte" on either database,
and the query is normalised the same way before it is matched.
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer
from django.db import connection
from django.db.models import QuerySet

_WORD = re.compile(r"[a-z0-9ñ]+")
_stemmer = snowballstemmer.stemmer("spanish")
MAX_QUERY_TERMS = 8
MAX_WORD = 40  # longer "words" (links, noise) are not indexed


def _fold(text: str) -> str:
    # Decompose, drop combining accents but keep ñ (n + tilde) as ñ.
    text = text.lower().replace("ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("\0", "ñ")


class _WordsTable(dict[int, str]):
    """A `str.translate` table: each character to its folded form (lower case, NFKD,
    combining marks dropped, ñ kept), with whatever `_WORD` does not take made a space. The
    translated text then splits into the words with `str.split`, several times faster than
    folding the text and matching `_WORD`. Folding is per character, so the table can be
    built one character at a time, the first time each is seen."""

    def __missing__(self, code: int) -> str:
        folded = "".join(c if _WORD.fullmatch(c) else " " for c in _fold(chr(code)))
        self[code] = folded
        return folded


_WORDS = _WordsTable()
_WORDS.update((c, _WORDS.__missing__(c)) for c in range(0x3000))  # the common ones, at once
_stems: dict[str, str] = {}  # a plain dict: cheaper per word than an lru_cache


def _stem(word: str) -> str:
    """The Snowball Spanish stem, without accents or ñ, remembered. Words ending in a digit
    (handles such as @vecino1234) skip the stemmer: every suffix it removes is made of
    letters."""
    stem = _stems.get(word)
    if stem is None:
        if len(_stems) > 200_000:  # keep memory flat over a long import
            _stems.clear()
        plain = word.replace("ñ", "n")
        if not (word[-1].isdigit() and plain.isascii()):
            plain = _stemmer.stemWord(word).replace("ñ", "n")
        stem = _stems[word] = plain
    return stem


def terms(text: str) -> list[str]:
    """Normalised search terms of a text, in order (duplicates kept)."""
    return [_stem(w) for w in text.translate(_WORDS).split() if len(w) < MAX_WORD]


def document(text: str) -> str:
    """The text as stored for indexing: its distinct terms, space separated."""
    return " ".join(dict.fromkeys(terms(text)))


def filter_conversations(qs: QuerySet, query: str) -> QuerySet:
    """Restrict a conversation queryset to those matching every word of `query`."""
    words = list(dict.fromkeys(terms(query)))[:MAX_QUERY_TERMS]
    if not words:
        return qs
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)
        return qs.extra(
            where=[
                "to_tsvector('simple', inbox_conversation.search_document) @@ to_tsquery('simple', %s)"
            ],
            params=[tsquery],
        )
    match = " ".join(f'"{w}"*' for w in words)
    # Few matches: look each one up by id and sort them. Many matches: walk the inbox index
    # in order and keep the matching ones, stopping at the page size ("+id" stops SQLite
    # from choosing the id lookups, which for 50,000 matches cost half a second).
    id_column = (
        "+inbox_conversation.id" if _match_count(match) > MANY_MATCHES else "inbox_conversation.id"
    )
    return qs.extra(
        where=[
            f"{id_column} IN (SELECT rowid FROM inbox_conversation_fts "
            "WHERE inbox_conversation_fts MATCH %s)"
        ],
        params=[match],
    )


MANY_MATCHES = 1000


def _match_count(match: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT rowid FROM inbox_conversation_fts "
            "WHERE inbox_conversation_fts MATCH %s LIMIT %s)",
            [match, MANY_MATCHES + 1],
        )
        return cursor.fetchone()[0]
