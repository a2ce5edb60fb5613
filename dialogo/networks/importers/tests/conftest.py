"""Sample archives (fictional people and a fictional institution) and helpers to zip them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from dialogo.networks.importers import Account, open_archive, parse
from dialogo.networks.models import Channel

SAMPLES = Path(__file__).parent / "samples"
ACCOUNT = Account(handle="MovilidadVE", name="Movilidad Villa Esperanza")


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    """Zip every file under `folder` (as the network's download would hold them)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + str(path.relative_to(folder)))
    return target


def records(path: Path | str, fmt: str, account: Account = ACCOUNT, skip: int = 0) -> list:
    archive = open_archive(str(path))
    try:
        return list(parse(archive, fmt, account, skip=skip))
    finally:
        archive.close()


@pytest.fixture
def x_channel(org) -> Channel:
    return Channel.objects.create(
        organization=org, kind="x", name="X @MovilidadVE", handle="MovilidadVE"
    )


@pytest.fixture(autouse=True)
def _english(settings, monkeypatch):
    """The importer tests read the command's English messages: run them in English."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    monkeypatch.setenv("LANGUAGE_CODE", "en")  # for the commands run as subprocesses
    with translation.override("en"):
        yield
