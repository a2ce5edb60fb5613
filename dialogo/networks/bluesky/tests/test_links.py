"""Link targets of a Bluesky post: link facets (the shortened text written in full) and the
link card of an external embed."""

from __future__ import annotations

from dialogo.networks.bluesky.adapter import _to_inbound

AUTHOR = {"did": "did:plc:marta555555555555555555", "handle": "marta.bsky.social"}


def notification(record: dict) -> dict:
    return {
        "uri": "at://did:plc:marta555555555555555555/app.bsky.feed.post/3m7link000001",
        "cid": "bafyreilinklinklinklinklinklinklinklinklinklinklinklinklink",
        "author": AUTHOR,
        "reason": "mention",
        "record": {
            "$type": "app.bsky.feed.post",
            "createdAt": "2026-11-29T13:00:00.000Z",
            **record,
        },
    }


def facet(text: str, shown: str, uri: str) -> dict:
    start = text.encode().index(shown.encode())
    return {
        "index": {"byteStart": start, "byteEnd": start + len(shown.encode())},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}],
    }


def test_link_facets_give_the_targets_and_full_text():
    text = (
        "@ifp.gov.co ¿Año nuevo, trámite nuevo? Vean ifp.example.gov.co/tramites/re... y bit.ly/x1"
    )
    record = {
        "text": text,
        "facets": [
            facet(
                text,
                "ifp.example.gov.co/tramites/re...",
                "https://ifp.example.gov.co/tramites/renovar",
            ),
            facet(text, "bit.ly/x1", "https://bit.ly/x1"),
            {
                "index": {"byteStart": 0, "byteEnd": 11},
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:ifp"}],
            },
        ],
    }
    message = _to_inbound(notification(record))
    assert message.links == ["https://ifp.example.gov.co/tramites/renovar", "https://bit.ly/x1"]
    assert message.text == (
        "@ifp.gov.co ¿Año nuevo, trámite nuevo? Vean https://ifp.example.gov.co/tramites/renovar"
        " y https://bit.ly/x1"
    )


def test_external_embed_and_quote_with_media_give_their_card():
    card = {"uri": "https://noticias.example/ola-invernal", "title": "Ola invernal"}
    alone = _to_inbound(
        notification(
            {"text": "Miren esto", "embed": {"$type": "app.bsky.embed.external", "external": card}}
        )
    )
    assert alone.links == ["https://noticias.example/ola-invernal"]
    quoted = _to_inbound(
        notification(
            {
                "text": "Y esto",
                "embed": {
                    "$type": "app.bsky.embed.recordWithMedia",
                    "record": {"record": {"uri": "at://x/app.bsky.feed.post/1", "cid": "c"}},
                    "media": {"$type": "app.bsky.embed.external", "external": card},
                },
            }
        )
    )
    assert quoted.links == ["https://noticias.example/ola-invernal"]


def test_broken_facets_leave_the_text_as_written():
    text = "sin enlace válido"
    record = {
        "text": text,
        "facets": [
            {
                "index": {"byteStart": 5, "byteEnd": 999},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://a.example"}],
            },
            {"index": "roto", "features": []},
            "no es un facet",
        ],
    }
    message = _to_inbound(notification(record))
    assert message.text == text
    assert message.links == ["https://a.example"]
