"""Each archive format: detection, normalisation, zip and plain, and bad input."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tracemalloc
import zipfile

import pytest

from dialogo.networks.importers import ArchiveError, Rejected, detect, open_archive, parse
from dialogo.networks.importers.records import Skipped
from dialogo.networks.importers.tests.conftest import ACCOUNT, SAMPLES, records, zip_folder


def fmt_of(path) -> str:
    archive = open_archive(str(path))
    try:
        return detect(archive)
    finally:
        archive.close()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("generic.jsonl", "jsonl"),
        ("generic.csv", "csv"),
        ("x/data/tweets.js", "x"),
        ("x/data/direct-messages.js", "x-dm"),
        ("mastodon/outbox.json", "mastodon"),
        ("facebook/your_posts_1.json", "facebook"),
        ("facebook/comments.json", "facebook"),
        ("facebook/feed.json", "facebook"),
    ],
)
def test_detect_plain_files(name, expected):
    assert fmt_of(SAMPLES / name) == expected


@pytest.mark.parametrize(
    ("folder", "expected"), [("x", "x"), ("mastodon", "mastodon"), ("facebook", "facebook")]
)
def test_detect_zips(tmp_path, folder, expected):
    assert fmt_of(zip_folder(SAMPLES / folder, tmp_path / "a.zip")) == expected


def test_x_zip_reads_tweets_and_dms_with_account_from_account_js(tmp_path):
    got = records(zip_folder(SAMPLES / "x", tmp_path / "twitter-2024.zip"), "x")
    assert [r.network_id for r in got] == [
        "1790000000000000003",
        "1790000000000000001",
        "1791000000000000001",
        "1791000000000000002",
        "1791000000000000010",
    ]
    reply = got[0]
    assert reply.from_institution and reply.author.external_id == "1500000000000000001"
    assert reply.in_reply_to_network_id == "1790000000000000002"
    assert reply.text.endswith("carrera 7 & calle 45.")
    assert reply.raw["mentions"][0]["handle"] == "juliancastano"
    citizen_dm, own_dm = got[2], got[3]
    assert (
        not citizen_dm.from_institution and citizen_dm.author.external_id == "1600000000000000077"
    )
    assert own_dm.from_institution and own_dm.is_private
    assert citizen_dm.thread_root_network_id == own_dm.thread_root_network_id


def test_x_dm_file_alone_infers_the_account(tmp_path):
    alone = shutil.copy(SAMPLES / "x/data/direct-messages.js", tmp_path)  # no account.js
    got = records(alone, "x-dm")
    assert [r.from_institution for r in got] == [False, True, False]
    # The account's own DM has the author its posts would have (from the channel).
    assert got[1].author.external_id == "MovilidadVE"
    tweets = records(shutil.copy(SAMPLES / "x/data/tweets.js", tmp_path), "x")
    assert {t.author.external_id for t in tweets} == {"MovilidadVE"}


def test_mastodon_zip_and_file_agree(tmp_path):
    plain = records(SAMPLES / "mastodon/outbox.json", "mastodon")
    zipped = records(zip_folder(SAMPLES / "mastodon", tmp_path / "export.zip"), "mastodon")
    assert [getattr(r, "network_id", None) for r in plain] == [
        getattr(r, "network_id", None) for r in zipped
    ]
    post, direct, boost = zipped
    assert (
        post.text
        == "Cierre parcial de la avenida del Río este fin de semana.\nDesvíos por la calle 12 & la carrera 3."
    )
    assert post.from_institution and not post.is_private
    assert direct.is_private and direct.subject == "Trámite de pase"
    assert direct.in_reply_to_network_id == "https://otra.example/users/pilar/statuses/555"
    assert direct.author.display_name == "Movilidad Villa Esperanza"
    assert isinstance(boost, Skipped) and "boost" in boost.reason


def test_facebook_zip_threads_graph_comments(tmp_path):
    got = records(zip_folder(SAMPLES / "facebook", tmp_path / "facebook.zip"), "facebook")
    by_id = {r.network_id: r for r in got}
    assert len(got) == 8
    assert by_id["1001_2002"].in_reply_to_network_id == "1001_2001"
    assert by_id["1001_2002"].from_institution and not by_id["1001_2001"].from_institution
    assert by_id["1001_2003"].thread_root_network_id == "4400_1001"
    dyi = [r for r in got if r.network_id.startswith("fb-dyi-comment")]
    assert [r.from_institution for r in dyi] == [False, True]


def test_facebook_dyi_ids_are_stable():
    first = records(SAMPLES / "facebook/comments.json", "facebook")
    assert [r.network_id for r in first] == [
        r.network_id for r in records(SAMPLES / "facebook/comments.json", "facebook")
    ]


def test_csv_and_jsonl_fields(tmp_path):
    rows = records(SAMPLES / "generic.csv", "csv")
    assert [r.network_id for r in rows] == ["c-1", "c-2", "c-3", "c-4"]
    assert rows[1].from_institution and rows[1].author.external_id == "MovilidadVE"
    assert (
        rows[2].text
        == "En la vereda El Carmen no pasa el bus desde el lunes,\n¿qué pasó con la ruta?"
    )
    lines = records(SAMPLES / "generic.jsonl", "jsonl")
    assert (
        lines[0].author.email == "marta.restrepo@correo.example"
        and lines[0].subject == "Licencia de conducción"
    )
    assert lines[5].is_private and lines[6].raw == {"canal_origen": "web"}
    assert lines[6].created_at.utcoffset().total_seconds() == 0
    with zipfile.ZipFile(tmp_path / "g.zip", "w") as archive:
        archive.write(SAMPLES / "generic.jsonl", "export/mensajes.jsonl")
    assert [r.network_id for r in records(tmp_path / "g.zip", "jsonl")] == [
        r.network_id for r in lines
    ]


def test_generic_account_facts_are_read_and_bad_ones_left_out(tmp_path):
    base = {"created_at": "2024-05-02T09:15:00-05:00", "author_id": "u1", "text": "Hola"}
    rows = [
        {"id": "a", "author_created_at": "2024-04-30T10:00:00Z", "author_followers": 3,
         "author_avatar": "no"},
        {"id": "b", "author_followers": "1200", "author_avatar": True},
        {"id": "c", "author_created_at": "ayer", "author_followers": -4, "author_avatar": "quizá"},
        {"id": "d", "author_followers": True, "author_created_at": "2024-04-30T10:00:00"},
        {"id": "e", "author_followers": "١٢"},  # Arabic-Indic digits: not a count
    ]  # fmt: skip
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps({**base, **r}) + "\n" for r in rows), encoding="utf-8")
    read = records(path, "jsonl")
    facts = [(r.author.account_created_at, r.author.followers, r.author.has_avatar) for r in read]
    assert facts[0] == (dt.datetime(2024, 4, 30, 10, tzinfo=dt.UTC), 3, False)
    assert facts[1] == (None, 1200, True)
    assert facts[2:] == [(None, None, None)] * 3  # unreadable: left out, message kept
    assert [r.raw for r in read] == [{}] * 5  # known fields, not kept as extra payload


def test_skip_resumes_after_n_records():
    assert [r.network_id for r in records(SAMPLES / "generic.jsonl", "jsonl", skip=5)] == [
        "g-6",
        "g-7",
    ]
    assert [r.network_id for r in records(SAMPLES / "generic.csv", "csv", skip=3)] == ["c-4"]
    assert [r.network_id for r in records(SAMPLES / "x/data/tweets.js", "x", skip=1)] == [
        "1790000000000000001"
    ]


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["x", "x-dm", "mastodon", "facebook", "jsonl", "csv"])
def test_wrong_file_for_format_is_a_clear_error(fmt):
    wrong = SAMPLES / ("generic.csv" if fmt != "csv" else "generic.jsonl")
    with pytest.raises(ArchiveError, match="(?i)this is not|no posts"):
        records(wrong, fmt)


def test_unknown_and_garbage_files_are_refused(tmp_path):
    garbage = tmp_path / "foto.jpg"
    garbage.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ArchiveError, match="Unrecognised file"):
        fmt_of(garbage)
    empty = tmp_path / "vacio.jsonl"
    empty.write_bytes(b"")
    with pytest.raises(ArchiveError, match="empty"):
        fmt_of(empty)
    with pytest.raises(ArchiveError, match="Cannot read"):
        fmt_of(tmp_path / "no-existe.zip")
    notes = tmp_path / "notas.zip"
    with zipfile.ZipFile(notes, "w") as archive:
        archive.writestr("leeme.txt", "nada")
    with pytest.raises(ArchiveError, match="Unrecognised"):
        fmt_of(notes)


@pytest.mark.parametrize(
    ("name", "fmt", "cut"),
    [
        ("generic.jsonl", "jsonl", 0.6),
        ("x/data/tweets.js", "x", 0.7),
        ("x/data/direct-messages.js", "x-dm", 0.85),
        ("mastodon/outbox.json", "mastodon", 0.7),
        ("facebook/your_posts_1.json", "facebook", 0.8),
    ],
)
def test_truncated_file_keeps_what_came_before(tmp_path, name, fmt, cut):
    data = (SAMPLES / name).read_bytes()
    target = tmp_path / name.replace("/", "_")
    target.write_bytes(data[: int(len(data) * cut)])
    got = records(target, fmt)
    assert isinstance(got[-1], Rejected) and "truncated" in got[-1].reason
    complete = [r for r in records(SAMPLES / name, fmt) if not isinstance(r, Rejected)]
    kept = [r for r in got[:-1] if not isinstance(r, Rejected)]
    assert kept and [r.network_id for r in kept] == [r.network_id for r in complete[: len(kept)]]


def test_garbage_inside_json_array_stops_with_a_rejection(tmp_path):
    text = (SAMPLES / "x/data/tweets.js").read_text()
    broken = text.replace(
        '"tweet" : {\n      "id_str" : "1790000000000000001"', '"tweet" : {{{ ###'
    )
    (tmp_path / "tweets.js").write_text(broken)
    got = records(tmp_path / "tweets.js", "x")
    assert got[0].network_id == "1790000000000000003"
    assert isinstance(got[1], Rejected) and "invalid JSON" in got[1].reason


def test_invalid_utf8_is_replaced_not_fatal(tmp_path):
    line = json.dumps(
        {"id": "u1", "created_at": "2024-01-01T10:00:00-05:00", "author_id": "a", "text": "caf_"}
    )
    (tmp_path / "bad.jsonl").write_bytes(
        line.encode().replace(b"caf_", b"caf\xe9 \xff\xfe") + b"\n"
    )
    (got,) = records(tmp_path / "bad.jsonl", "jsonl")
    # Not UTF-8 anywhere in the file: read as Windows-1252 (a spreadsheet's CSV), not lost.
    assert got.text == "café ÿþ"
    # Among UTF-8 text, the broken bytes are replaced and the rest kept.
    (tmp_path / "mixed.jsonl").write_bytes(
        line.encode().replace(b"caf_", "café".encode() + b" \xff\xfe") + b"\n"
    )
    (got,) = records(tmp_path / "mixed.jsonl", "jsonl")
    assert got.text == "café \ufffd\ufffd"


def test_jsonl_bad_lines_are_rejected_with_their_line(tmp_path):
    good = {"id": "ok", "created_at": "2024-01-01T10:00:00Z", "author_id": "a", "text": "hola"}
    lines = [
        json.dumps(good),
        "{no es json}",
        json.dumps({**good, "id": ""}),
        json.dumps({**good, "id": "naive", "created_at": "2024-01-01T10:00:00"}),
        json.dumps({**good, "id": "dir", "direction": "sideways"}),
        json.dumps({k: v for k, v in good.items() if k != "text"} | {"id": "notext"}),
        json.dumps({**good, "id": "noauthor", "author_id": ""}),
        "[1, 2]",
        "",
        json.dumps({**good, "id": 42}),
    ]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    got = records(tmp_path / "mixed.jsonl", "jsonl")
    reasons = [(r.where, r.reason) if isinstance(r, Rejected) else r.network_id for r in got]
    assert reasons == [
        "ok",
        ("line 2", "invalid JSON: Expecting property name enclosed in double quotes"),
        ("line 3", "missing id"),
        ("line 4", "created_at has no UTC offset: '2024-01-01T10:00:00'"),
        ("line 5", "direction must be 'in' or 'out', not 'sideways'"),
        ("line 6", "missing text"),
        ("line 7", "missing author_id"),
        ("line 8", "not a JSON object"),
        "42",
    ]


def test_csv_truncated_row_is_rejected(tmp_path):
    text = (SAMPLES / "generic.csv").read_text()
    (tmp_path / "cut.csv").write_text(text[: text.index("Perfecto")])
    got = records(tmp_path / "cut.csv", "csv")
    assert [getattr(r, "network_id", None) for r in got[:3]] == ["c-1", "c-2", "c-3"]
    assert isinstance(got[-1], Rejected)


def test_parsing_memory_is_flat(tmp_path):
    """Peak allocation while parsing does not grow with the file (8× more lines)."""
    row = {
        "id": "",
        "created_at": "2024-01-01T10:00:00Z",
        "author_id": "a",
        "text": "Buenos días " * 20,
    }

    def peak(lines: int) -> int:
        path = tmp_path / f"{lines}.jsonl"
        with path.open("w") as out:
            for i in range(lines):
                out.write(json.dumps({**row, "id": f"m{i}"}) + "\n")
        archive = open_archive(str(path))
        tracemalloc.start()
        for _record in parse(archive, "jsonl", ACCOUNT):
            pass
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        archive.close()
        return size

    small, large = peak(2_000), peak(16_000)
    assert large < small * 1.5


def test_tweets_js_array_bigger_than_buffer(tmp_path):
    """Elements straddling read chunks and a single 300 kB tweet are decoded whole."""
    tweets = [{"tweet": {"id_str": str(i), "created_at": "Mon May 13 13:00:00 +0000 2024",
                         "full_text": "x" * (300_000 if i == 5 else 50 * i)}} for i in range(400)]  # fmt: skip
    (tmp_path / "tweets.js").write_text("window.YTD.tweets.part0 = " + json.dumps(tweets, indent=2))
    got = records(tmp_path / "tweets.js", "x")
    assert [r.network_id for r in got] == [str(i) for i in range(400)]
    assert len(got[5].text) == 300_000
    shutil.rmtree(tmp_path, ignore_errors=True)
