"""Spanish-aware full-text search over conversations, on SQLite (FTS5) and PostgreSQL (GIN).

Both databases index the same pre-normalised text: lower case, no accents, Snowball Spanish
stems. So "trámites" finds "tramite" and "pasaportes" finds "pasaporte" on either database,
and the query is normalised the same way before it is matched.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.db.models import QuerySet

_WORD = re.compile(r"[a-z0-9ñ]+")
_stemmer = snowballstemmer.stemmer("spanish")
MAX_QUERY_TERMS = 8


def _fold(text: str) -> str:
    # Decompose, drop combining accents but keep ñ (n + tilde) as ñ.
    text = text.lower().replace("ñ", "\0")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("\0", "ñ")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word).replace("ñ", "n")


def terms(text: str) -> list[str]:
    """Normalised search terms of a text, in order (duplicates kept)."""
    folded = _fold(text.encode("utf-8", "replace").decode("utf-8"))
    return [_stem(w) for w in _WORD.findall(folded) if len(w) < 40]


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
