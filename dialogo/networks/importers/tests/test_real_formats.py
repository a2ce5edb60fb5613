"""What real exports contain: duplicate keys, retweets, t.co links, polls and content
warnings, extracted folders, byte-order marks, part files, Facebook's mojibake.

The samples are fictional accounts written for these tests, reproducing each case."""

from __future__ import annotations

import io
import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dialogo.core.roles import Role
from dialogo.inbox.models import Author, Message
from dialogo.networks.importers import Rejected, detect, open_archive, parse
from dialogo.networks.importers.jsonstream import Broken, NotFound, iter_key_arrays
from dialogo.networks.importers.records import Skipped
from dialogo.networks.importers.tests.conftest import ACCOUNT, SAMPLES, records, zip_folder
from dialogo.networks.models import Channel, ImportJob, ImportStatus


def run(path, channel) -> str:
    out = StringIO()
    call_command(
        "import_archive", str(path), "--channel", str(channel.pk), "--no-progress", stdout=out
    )
    return out.getvalue()


@pytest.fixture
def mastodon_channel(org) -> Channel:
    return Channel.objects.create(
        organization=org, kind="mastodon", name="Mastodon acueducto", handle="acueducto"
    )


# --- the streaming reader ----------------------------------------------------------------


def keys(text: str, names=("orderedItems",)) -> list:
    return list(iter_key_arrays(io.StringIO(text), names))


def test_key_arrays_reads_every_occurrence_of_a_duplicate_key():
    text = '{"orderedItems": [], "type": "OrderedCollection", "orderedItems": [{"a": 1}, {"a": 2}]}'
    assert keys(text) == [{"a": 1}, {"a": 2}]
    # json.load keeps the last one: the same items.
    assert json.loads(text)["orderedItems"] == keys(text)


def test_key_arrays_finds_the_key_after_large_values_and_nested_decoys():
    decoy = {"orderedItems": ["not this"], "blob": "x" * 300_000}
    text = json.dumps({"@context": decoy, "orderedItems": [1, 2, 3], "last": {"k": [4]}})
    assert keys(text) == [1, 2, 3]


def test_key_arrays_missing_key_or_not_an_object_is_not_found():
    with pytest.raises(NotFound):
        keys('{"type": "OrderedCollection", "totalItems": 0}')
    with pytest.raises(NotFound):
        keys("[1, 2]")


def test_key_arrays_truncated_array_ends_with_broken():
    got = keys('{"orderedItems": [{"a": 1}, {"a": ')
    assert got[0] == {"a": 1} and isinstance(got[1], Broken) and got[1].truncated


# --- Mastodon ----------------------------------------------------------------------------


def test_mastodon_duplicate_ordered_items_imports_the_real_array():
    got = records(SAMPLES / "mastodon-dup/outbox.json", "mastodon")
    assert len(got) == 6
    kinds = [type(r).__name__ for r in got]
    assert kinds == [
        "InboundMessage",
        "InboundMessage",
        "InboundMessage",
        "Skipped",
        "Rejected",
        "InboundMessage",
    ]
    assert "boost" in got[3].reason and got[4].reason == "post without id"


def test_mastodon_content_warning_poll_links_and_attachments_are_kept():
    warned, one, many, _boost, _bad, plain = records(
        SAMPLES / "mastodon-dup/outbox.json", "mastodon"
    )
    assert warned.text.startswith("CW: Cortes de agua\n\nEl martes no habrá agua en El Prado.")
    assert "https://acueducto-sanroque.example/cortes" in warned.text
    assert warned.raw["content_warning"] == "Cortes de agua" and warned.raw["sensitive"] is True
    # Links, not the hashtag nor the mention.
    assert warned.links == ["https://acueducto-sanroque.example/cortes"]
    assert warned.raw["attachments"] == [
        {
            "type": "image/jpeg",
            "url": "/media_attachments/files/113/000/001/original/mapa.jpg",
            "description": "Mapa de los barrios sin agua",
        }
    ]
    assert one.text == (
        "¿A qué hora prefiere recibir el carrotanque?\n\n○ En la mañana\n○ En la tarde"
    )
    assert one.raw["poll"]["options"] == [
        {"name": "En la mañana", "votes": 41},
        {"name": "En la tarde", "votes": 17},
    ]
    assert one.raw["poll"]["multiple"] is False
    assert many.text.endswith("☐ Pagar la factura\n☐ Reportar una fuga")
    assert many.raw["poll"]["multiple"] is True
    assert plain.text == "Servicio restablecido en El Prado." and plain.links == []
    assert "content_warning" not in plain.raw


def test_mastodon_outbox_beside_actor_json_takes_the_account(tmp_path):
    got = records(SAMPLES / "mastodon-dup/outbox.json", "mastodon")
    assert got[0].author.external_id == "https://red.sanroque.example/users/acueducto"
    assert got[0].author.display_name == "Acueducto de San Roque"


def test_command_mastodon_duplicate_key_imports_and_reports_skipped(mastodon_channel, tmp_path):
    out = run(zip_folder(SAMPLES / "mastodon-dup", tmp_path / "export.zip"), mastodon_channel)
    assert "4 new, 0 already present, 1 rejected" in out
    assert "Skipped 1 retweet or boost of another account's post" in out
    job = ImportJob.objects.get()
    assert (job.status, job.skipped_count, job.position) == (ImportStatus.DONE, 1, 6)
    poll = Message.objects.get(network_id="113000000000000002")
    assert "○ En la tarde" in poll.text
    warned = Message.objects.get(network_id="113000000000000001")
    assert warned.links == ["https://acueducto-sanroque.example/cortes"]
    # A re-run adds nothing and still counts the boost as skipped, not rejected.
    again = run(SAMPLES / "mastodon-dup/outbox.json", mastodon_channel)
    assert "0 new, 4 already present, 1 rejected" in again


def test_command_archive_with_no_records_fails(mastodon_channel, tmp_path):
    empty = tmp_path / "outbox.json"
    empty.write_text(
        '{"@context": "https://www.w3.org/ns/activitystreams", "type": "OrderedCollection",'
        ' "totalItems": 0, "orderedItems": []}'
    )
    with pytest.raises(CommandError, match="No messages were found in outbox.json"):
        run(empty, mastodon_channel)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "No messages were found" in job.error
    assert Message.objects.count() == 0


def test_command_archive_whose_records_are_all_rejected_fails(mastodon_channel, tmp_path):
    bad = tmp_path / "outbox.json"
    bad.write_text(
        '{"type": "OrderedCollection", "orderedItems": [{"type": "Create", "object": {}},'
        ' {"type": "Like"}]}'
    )
    with pytest.raises(CommandError, match="all 2 records were rejected"):
        run(bad, mastodon_channel)
    assert ImportJob.objects.get().status == ImportStatus.FAILED


def test_channel_page_shows_the_failed_import(client, members, mastodon_channel, tmp_path):
    run(SAMPLES / "mastodon-dup/outbox.json", mastodon_channel)
    empty = tmp_path / "outbox.json"
    empty.write_text('{"type": "OrderedCollection", "orderedItems": []}')
    with pytest.raises(CommandError):
        run(empty, mastodon_channel)
    client.force_login(members[Role.ADMIN].user)
    url = reverse(
        "networks:detail",
        kwargs={"org": mastodon_channel.organization.slug, "pk": mastodon_channel.pk},
    )
    page = client.get(url).content.decode()
    assert "No messages were found in outbox.json" in page
    assert "1 retweet or boost skipped" in page


# --- X -----------------------------------------------------------------------------------


def x_records(path) -> list:
    return records(path, "x")


def test_x_folder_reads_parts_skips_retweets_and_expands_links():
    got = x_records(SAMPLES / "x-full")
    by_id = {getattr(r, "network_id", None): r for r in got}
    news = by_id["1800000000000000001"]
    assert news.text.endswith("Detalles: https://acueducto-sanroque.example/noticias/corte-sabado")
    assert "t.co" not in news.text
    assert news.links == ["https://acueducto-sanroque.example/noticias/corte-sabado"]
    retweets = [r for r in got if isinstance(r, Skipped)]
    assert len(retweets) == 1 and "retweet of @veedurialaloma" in retweets[0].reason
    assert "1800000000000000002" not in by_id
    photo = by_id["1800000000000000003"]
    assert photo.text.startswith(
        "@veedurialaloma Ya enviamos un carrotanque a la calle 8 & carrera 3."
    )
    assert photo.links == ["https://x.com/AcueductoSR/status/1800000000000000003/photo/1"]
    assert [m["url"] for m in photo.raw["media"]] == [
        "https://pbs.twimg.com/media/FiCtIoNaL1.jpg",
        "https://pbs.twimg.com/media/FiCtIoNaL2.jpg",
    ]
    assert photo.raw["media"][0]["description"] == "Carrotanque repartiendo agua en una esquina"
    assert "1800000000000000010" in by_id  # tweets-part1.js
    rejected = [r for r in got if isinstance(r, Rejected)]
    assert [r.reason for r in rejected] == ["tweet without id_str"]
    dm = by_id["1801000000000000002"]
    assert dm.text.endswith("aquí: https://acueducto-sanroque.example/pagos")
    assert dm.links == ["https://acueducto-sanroque.example/pagos"]


def test_x_folder_and_zip_give_the_same_records(tmp_path):
    folder = x_records(SAMPLES / "x-full")
    zipped = x_records(zip_folder(SAMPLES / "x-full", tmp_path / "twitter.zip"))
    assert folder == zipped


def test_x_folder_is_detected(tmp_path):
    archive = open_archive(str(SAMPLES / "x-full"))
    try:
        assert detect(archive) == "x"
    finally:
        archive.close()


def test_x_extracted_files_give_one_author_for_posts_and_dms():
    """tweets.js and direct-messages.js imported one by one: account.js beside them names
    the account, as in the zip."""
    tweets = x_records(SAMPLES / "x-full/data/tweets.js")
    dms = records(SAMPLES / "x-full/data/direct-messages.js", "x-dm")
    own_post = next(r for r in tweets if getattr(r, "network_id", "") == "1800000000000000001")
    own_dm = next(r for r in dms if r.from_institution)
    assert own_post.author.external_id == own_dm.author.external_id == "1400000000000000007"
    assert own_post.author.display_name == "Acueducto de San Roque"
    assert [r.from_institution for r in dms] == [False, True]


def test_command_x_extracted_files_one_author_and_retweets_skipped(x_channel, tmp_path):
    folder = shutil.copytree(SAMPLES / "x-full", tmp_path / "x")
    out = run(folder / "data/tweets.js", x_channel)
    assert "2 new, 0 already present, 1 rejected" in out
    assert "Skipped 1 retweet or boost of another account's post" in out
    run(folder / "data/direct-messages.js", x_channel)
    own = Author.objects.filter(messages__direction="out").distinct()
    assert [a.external_id for a in own] == ["1400000000000000007"]
    assert not Message.objects.filter(network_id="1800000000000000002").exists()
    stored = Message.objects.get(network_id="1800000000000000001")
    assert stored.links == ["https://acueducto-sanroque.example/noticias/corte-sabado"]
    assert "https://acueducto-sanroque.example/noticias/corte-sabado" in stored.text


def test_command_x_folder_imports_everything(x_channel):
    out = run(SAMPLES / "x-full", x_channel)
    assert "5 new, 0 already present, 1 rejected" in out
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE and job.skipped_count == 1
    assert job.processed_bytes == job.total_bytes > 0


# --- Facebook ----------------------------------------------------------------------------


def test_facebook_dyi_mojibake_is_repaired_and_links_kept(tmp_path):
    # What Facebook writes for "Atención" and "Peñalosa": each UTF-8 byte escaped alone.
    posts = [
        {
            "timestamp": 1717243200,
            "data": [
                {
                    "post": "Atenci\u00c3\u00b3n: jornada de vacunaci\u00c3\u00b3n el s\u00c3\u00a1bado"
                }
            ],
            "attachments": [
                {"data": [{"external_context": {"url": "https://salud-sanroque.example/jornada"}}]}
            ],
            "title": "Secretar\u00c3\u00ada de Salud",
        }
    ]
    comments = {
        "comments_v2": [
            {
                "timestamp": 1717250000,
                "data": [
                    {
                        "comment": {
                            "timestamp": 1717250000,
                            "comment": "\u00c2\u00bfY en la vereda? \u00f0\u009f\u0098\u0080",
                            "author": "Luc\u00c3\u00ada Pe\u00c3\u00b1alosa",
                        }
                    }
                ],
            }
        ]
    }
    (tmp_path / "your_posts_1.json").write_text(json.dumps(posts))
    (tmp_path / "comments.json").write_text(json.dumps(comments))
    post = records(tmp_path / "your_posts_1.json", "facebook")[0]
    assert post.text == "Atención: jornada de vacunación el sábado"
    assert post.raw["title"] == "Secretaría de Salud"
    assert post.links == ["https://salud-sanroque.example/jornada"]
    comment = records(tmp_path / "comments.json", "facebook")[0]
    assert comment.text == "¿Y en la vereda? 😀"
    assert comment.author.display_name == "Lucía Peñalosa"


def test_facebook_text_already_right_is_kept(tmp_path):
    posts = [{"timestamp": 1717243200, "data": [{"post": "Atención: señal en el río ñ ü 😀"}]}]
    (tmp_path / "your_posts_1.json").write_text(json.dumps(posts, ensure_ascii=False))
    assert records(tmp_path / "your_posts_1.json", "facebook")[0].text == (
        "Atención: señal en el río ñ ü 😀"
    )


def test_facebook_feed_links_and_key_after_paging(tmp_path):
    feed = {
        "paging": {"cursors": {"before": "a", "after": "b"}},
        "data": [
            {
                "id": "200_1",
                "message": "Nueva ciclovía",
                "created_time": "2024-06-20T15:00:00+0000",
                "from": {"id": "200", "name": "Alcaldía"},
                "attachments": {"data": [{"unshimmed_url": "https://sanroque.example/ciclovia"}]},
            }
        ],
    }
    (tmp_path / "feed.json").write_text('{"data": [], ' + json.dumps(feed)[1:])
    got = records(tmp_path / "feed.json", "facebook")
    assert [r.network_id for r in got] == ["200_1"]
    assert got[0].links == ["https://sanroque.example/ciclovia"]


# --- encodings ---------------------------------------------------------------------------

ROW = "id,created_at,author_id,author_name,text\nc-1,2024-05-02T09:15:00-05:00,u-1,Óscar Núñez,¿Cuándo abren la ventanilla?\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_csv_in_the_encodings_spreadsheets_write(tmp_path, encoding):
    path = tmp_path / "export.csv"
    path.write_bytes(ROW.encode(encoding))
    archive = open_archive(str(path))
    try:
        assert detect(archive) == "csv"
    finally:
        archive.close()
    (message,) = records(path, "csv")
    assert message.text == "¿Cuándo abren la ventanilla?"
    assert message.author.display_name == "Óscar Núñez"


def test_csv_in_a_zip_written_as_utf16(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("export.csv", ROW.encode("utf-16"))
    (message,) = records(tmp_path / "export.zip", "csv")
    assert message.author.display_name == "Óscar Núñez"


def test_utf8_with_a_broken_byte_keeps_the_rest(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(ROW.encode("utf-8").replace(b"ventanilla", b"ventan\xffilla"))
    (message,) = records(path, "csv")
    assert message.text == "¿Cuándo abren la ventan\ufffdilla?"
    assert message.author.display_name == "Óscar Núñez"


def test_generic_links_field_in_jsonl_and_csv(tmp_path):
    line = {
        "id": "w-1",
        "created_at": "2024-05-02T09:15:00-05:00",
        "author_id": "u-1",
        "text": "Foto del hueco: https://fotos.example/h1",
        "links": ["https://fotos.example/h1", "javascript:alert(1)", 7],
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(line) + "\n")
    (message,) = records(tmp_path / "a.jsonl", "jsonl")
    assert message.links == ["https://fotos.example/h1"] and "links" not in message.raw
    (tmp_path / "a.csv").write_text(
        "id,created_at,author_id,text,links\n"
        "w-2,2024-05-02T09:15:00-05:00,u-1,Vean,https://a.example/1 https://b.example/2\n"
    )
    (row,) = records(tmp_path / "a.csv", "csv")
    assert row.links == ["https://a.example/1", "https://b.example/2"]


def test_facebook_posts_under_a_key_and_feed_after_paging_are_detected(tmp_path):
    wrapped = {
        "status_updates_v2": [
            {"timestamp": 1717243200, "data": [{"post": "Hoy hay jornada de reciclaje."}]}
        ]
    }
    (tmp_path / "status_updates.json").write_text(json.dumps(wrapped))
    archive = open_archive(str(tmp_path / "status_updates.json"))
    try:
        assert detect(archive) == "facebook"
    finally:
        archive.close()
    (post,) = records(tmp_path / "status_updates.json", "facebook")
    assert post.text == "Hoy hay jornada de reciclaje." and post.from_institution
    feed = {
        "paging": {"next": "https://graph.facebook.com/v21.0/200/feed?after=b"},
        "data": [{"id": "200_9", "message": "Aviso", "created_time": "2024-06-20T15:00:00+0000"}],
    }
    (tmp_path / "feed.json").write_text(json.dumps(feed))
    assert [r.network_id for r in records(tmp_path / "feed.json", "facebook")] == ["200_9"]


def test_mastodon_outbox_memory_stays_flat_with_duplicate_keys(tmp_path):
    """The walk over the top-level object streams the real array: peak memory does not
    grow with the number of posts."""
    import tracemalloc

    def peak(posts: int) -> int:
        path = tmp_path / f"outbox-{posts}.json"
        with path.open("w", encoding="utf-8") as out:
            out.write('{"type": "OrderedCollection", "orderedItems": [], "orderedItems": [')
            for i in range(posts):
                note = {
                    "id": f"https://red.sanroque.example/users/acueducto/statuses/{i}",
                    "type": "Note",
                    "published": "2024-07-01T12:00:00Z",
                    "content": f"<p>Aviso número {i} sobre el servicio de agua.</p>",
                    "to": ["https://www.w3.org/ns/activitystreams#Public"],
                }
                out.write(("," if i else "") + json.dumps({"type": "Create", "object": note}))
            out.write(f'], "totalItems": {posts}}}')
        archive = open_archive(str(path))
        tracemalloc.start()
        count = sum(1 for _record in parse(archive, "mastodon", ACCOUNT))
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        archive.close()
        assert count == posts
        return size

    small, large = peak(2_000), peak(16_000)
    assert large < small * 1.5
