"""Channel kinds: each network plug-in registers its adapter class here."""

from __future__ import annotations

import importlib
import pkgutil

from dialogo.networks.base import BaseAdapter

_ADAPTERS: dict[str, type[BaseAdapter]] = {}

# Display names of the networks Diálogo knows, also before their adapter is connected.
KNOWN_KINDS = {
    "webform": "Formulario web",
    "email": "E-mail",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "x": "X",
    "facebook": "Facebook",
    "wordpress": "Blog (WordPress)",
}


def register(cls: type[BaseAdapter]) -> type[BaseAdapter]:
    if not cls.kind:
        raise ValueError(f"{cls.__name__} has no kind")
    _ADAPTERS[cls.kind] = cls
    return cls


def autodiscover() -> None:
    """Import `dialogo.networks.<name>.adapter` for every plug-in folder."""
    import dialogo.networks as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg and info.name not in {"tests", "migrations", "templates"}:
            try:
                importlib.import_module(f"dialogo.networks.{info.name}.adapter")
            except ModuleNotFoundError as exc:
                if exc.name != f"dialogo.networks.{info.name}.adapter":
                    raise


def get_adapter(kind: str) -> type[BaseAdapter]:
    try:
        return _ADAPTERS[kind]
    except KeyError as exc:
        raise LookupError(f"unknown channel kind {kind!r}") from exc


def kind_label(kind: str) -> str:
    cls = _ADAPTERS.get(kind)
    return str(cls.label) if cls else KNOWN_KINDS.get(kind, kind)


def kinds() -> list[tuple[str, str]]:
    return sorted((kind, str(cls.label)) for kind, cls in _ADAPTERS.items())
