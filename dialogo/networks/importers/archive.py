"""Opening an archive: a plain file or a zip, read as a stream with byte-level progress."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

from django.utils.translation import gettext as _

from dialogo.networks.importers.records import ArchiveError

CHUNK = 1 << 16


class ArchiveFile:
    """One file on disk, opened once; `tell()` is how far the import has read into it.

    For a zip, members are decompressed as streams; progress is measured in compressed bytes
    of the zip itself, so it still runs from 0 to the file's size.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            self.raw: BinaryIO = open(self.path, "rb")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise ArchiveError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        self.total = os.fstat(self.raw.fileno()).st_size
        self.zip: zipfile.ZipFile | None = None
        if zipfile.is_zipfile(self.raw):
            try:
                self.zip = zipfile.ZipFile(self.raw)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ArchiveError(
                    _("This zip file is damaged: %(error)s") % {"error": exc}
                ) from exc
        self.raw.seek(0)

    def tell(self) -> int:
        try:
            return min(self.raw.tell(), self.total)
        except (OSError, ValueError):
            return self.total

    def names(self) -> list[str]:
        return [i.filename for i in self.zip.infolist() if not i.is_dir()] if self.zip else []

    def find(self, *suffixes: str) -> list[str]:
        """Zip members whose name ends with one of `suffixes` (any folder), in name order."""
        return sorted(n for n in self.names() if n.lower().endswith(suffixes))

    @contextmanager
    def open_member(self, name: str | None = None) -> Iterator[IO[bytes]]:
        """The bytes of a zip member, or of the plain file when `name` is None."""
        if name is None:
            self.raw.seek(0)
            yield self.raw
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
        return data.decode("utf-8-sig", "replace")

    def close(self) -> None:
        if self.zip:
            self.zip.close()
        self.raw.close()


@contextmanager
def open_text(archive: ArchiveFile, name: str | None = None) -> Iterator[io.TextIOWrapper]:
    """The file (or member) as text: UTF-8, a byte-order mark dropped, broken bytes replaced
    by U+FFFD (never an error). The underlying file stays open for the next member."""
    with archive.open_member(name) as binary:
        wrapper = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="replace", newline="")  # type: ignore[arg-type]
        try:
            yield wrapper
        finally:
            try:
                wrapper.detach()
            except ValueError:
                pass  # the archive was closed first (an abandoned generator being collected)
