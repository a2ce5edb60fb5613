"""Opening an archive: a plain file, a zip, or a folder of extracted files, read as a stream
with byte-level progress."""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

from django.utils.translation import gettext as _

from dialogo.networks.importers.records import ArchiveError

CHUNK = 1 << 16
DATA_SUFFIXES = {".js", ".json", ".jsonl", ".ndjson", ".csv"}


class ArchiveFile:
    """One file on disk (or a folder), opened once; `tell()` is how far the import has read.

    For a zip, members are decompressed as streams; progress is measured in compressed bytes
    of the zip itself, so it still runs from 0 to the file's size. A folder (an archive
    someone extracted) is read like a zip whose members are its files; its size is theirs.
    """

    MAX_SMALL = 4 << 20  # bytes of a side file (account.js, actor.json) read whole

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.zip: zipfile.ZipFile | None = None
        self.folder: Path | None = None
        self._offsets: dict[str, int] = {}
        self._current: tuple[int, IO[bytes]] | None = None
        if self.path.is_dir():
            self.folder = self.path
            self.raw: BinaryIO = io.BytesIO()
            self.total = self._index_folder()
            return
        try:
            self.raw = open(self.path, "rb")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise ArchiveError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        self.total = os.fstat(self.raw.fileno()).st_size
        if zipfile.is_zipfile(self.raw):
            try:
                self.zip = zipfile.ZipFile(self.raw)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ArchiveError(
                    _("This zip file is damaged: %(error)s") % {"error": exc}
                ) from exc
        self.raw.seek(0)

    @property
    def is_bundle(self) -> bool:
        """A zip or a folder: several files, found by name."""
        return self.zip is not None or self.folder is not None

    def _index_folder(self) -> int:
        assert self.folder is not None
        total = 0
        # Only the files an import reads: an extracted X archive also holds gigabytes of
        # media, which would make the progress meaningless.
        files = (p for p in self.folder.rglob("*") if p.suffix.lower() in DATA_SUFFIXES)
        for path in sorted(p for p in files if p.is_file()):
            self._offsets[path.relative_to(self.folder).as_posix()] = total
            total += path.stat().st_size
        return total

    def tell(self) -> int:
        if self.folder is not None:
            if self._current is None:
                return 0
            start, stream = self._current
            try:
                return min(start + stream.tell(), self.total)
            except (OSError, ValueError):
                return start
        try:
            return min(self.raw.tell(), self.total)
        except (OSError, ValueError):
            return self.total

    def names(self) -> list[str]:
        if self.folder is not None:
            return list(self._offsets)
        return [i.filename for i in self.zip.infolist() if not i.is_dir()] if self.zip else []

    def find(self, *suffixes: str) -> list[str]:
        """Members whose name ends with one of `suffixes` (any folder), in name order."""
        return sorted(n for n in self.names() if n.lower().endswith(suffixes))

    @contextmanager
    def open_member(self, name: str | None = None) -> Iterator[IO[bytes]]:
        """The bytes of a member, or of the plain file when `name` is None."""
        if name is None:
            self.raw.seek(0)
            yield self.raw
            return
        if self.folder is not None:
            with open(self.folder / name, "rb") as member:
                self._current = (self._offsets.get(name, 0), member)
                yield member
            return
        assert self.zip is not None
        with self.zip.open(name) as member:
            yield member

    def head(self, name: str | None = None, size: int = CHUNK) -> str:
        """The first `size` bytes of the file (or member) as text, for format detection."""
        with self.open_member(name) as stream:
            data = stream.read(size)
        if name is None:
            self.raw.seek(0)
        encoding = guess_encoding(data)
        if encoding.startswith("utf-16") and len(data) % 2:
            data = data[:-1]
        return data.decode(encoding, "replace")

    def side_file(self, filename: str) -> str | None:
        """A small file that describes the archive (`account.js`, `actor.json`), as text: a
        member of the zip or folder, or for a plain file the file of that name beside it
        (someone who extracted `data/tweets.js` has `data/account.js` next to it)."""
        if self.is_bundle:
            found = [n for n in self.find(filename) if n.rsplit("/", 1)[-1] == filename]
            if not found:
                return None
            with self.open_member(found[0]) as stream:
                data = stream.read(self.MAX_SMALL)
        else:
            beside = self.path.parent / filename
            if not beside.is_file() or beside.resolve() == self.path.resolve():
                return None
            try:
                with open(beside, "rb") as stream:
                    data = stream.read(self.MAX_SMALL)
            except OSError:
                return None
        return data.decode("utf-8-sig", "replace")

    def close(self) -> None:
        if self.zip:
            self.zip.close()
        self.raw.close()


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def guess_encoding(head: bytes) -> str:
    """How a file is written, from its first bytes: UTF-8 (with or without a byte-order
    mark) as every network writes it; UTF-16 when it starts with that mark (spreadsheets
    "saved as Unicode text"); Windows-1252 for a file with bytes that are not UTF-8 and no
    UTF-8 character at all (a CSV saved by a spreadsheet in Latin America). A UTF-8 file
    with a few broken bytes stays UTF-8: those bytes become U+FFFD, the rest is kept."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.isascii():
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8-sig"  # a character cut by the end of the sample
        if not _UTF8_MULTIBYTE.search(head):
            return "cp1252"
    return "utf-8-sig"


def _peek(binary: IO[bytes]) -> bytes:
    """The first bytes of a stream, leaving it at its start (a zip member rewinds)."""
    if binary.seekable():
        data = binary.read(CHUNK)
        binary.seek(0)
        return data
    peek = getattr(binary, "peek", None)
    return peek(CHUNK)[:CHUNK] if peek else b""


@contextmanager
def open_text(archive: ArchiveFile, name: str | None = None) -> Iterator[io.TextIOWrapper]:
    """The file (or member) as text: UTF-8, a byte-order mark dropped, broken bytes replaced
    by U+FFFD (never an error). The underlying file stays open for the next member."""
    with archive.open_member(name) as binary:
        encoding = guess_encoding(_peek(binary))
        wrapper = io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            try:
                wrapper.detach()
            except ValueError:
                pass  # the archive was closed first (an abandoned generator being collected)
