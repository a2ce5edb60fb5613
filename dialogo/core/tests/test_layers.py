"""The import contract (pyproject.toml, checked by `lint-imports`) covers every part of the
networks app, so a new network folder cannot import upward unnoticed."""

import pkgutil
import tomllib
from pathlib import Path

import dialogo.networks

ROOT = Path(__file__).resolve().parents[3]
UNLAYERED = {"apps", "conftest", "tests"}  # app wiring and test fixtures


def _layers():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [[m.strip() for m in layer.split(":")] for layer in contract["layers"]]


def test_every_networks_module_sits_in_a_layer():
    named = {m for layer in _layers() for m in layer}
    parts = {info.name for info in pkgutil.iter_modules(dialogo.networks.__path__)}
    assert parts - UNLAYERED == {
        m.removeprefix("dialogo.networks.") for m in named if m.startswith("dialogo.networks.")
    }


def test_layers_go_from_demo_down_to_core():
    tops = [layer[0].split(".")[1] for layer in _layers()]
    assert tops == [
        "demo",
        "metrics",
        "networks",  # the public web form, which files PQRSD requests
        "pqrsd",
        "moderation",
        "triage",
        "networks",
        "inbox",
        "networks",
        "core",
    ]
