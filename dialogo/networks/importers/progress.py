"""A one-line progress bar for terminals (no dependency): bytes read, records, rate."""

from __future__ import annotations

import time
from typing import TextIO

from django.utils.translation import gettext as _

from dialogo.networks.importers.runner import Progress

WIDTH = 24


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


class ProgressPrinter:
    """Redraws one line on `out` (stderr) at most every `every` seconds, and once at the end."""

    def __init__(self, out: TextIO, *, every: float = 0.25) -> None:
        self.out = out
        self.every = every
        self.last = 0.0
        self.drawn = False
        self.latest: Progress | None = None

    def __call__(self, progress: Progress, *, force: bool = False) -> None:
        self.latest = progress
        now = time.monotonic()
        if not force and now - self.last < self.every:
            return
        self.last = now
        job = progress.job
        total = max(job.total_bytes, 1)
        share = min(1.0, job.processed_bytes / total)
        bar = "#" * int(share * WIDTH)
        rate = progress.records / progress.seconds if progress.seconds > 0 else 0.0
        line = _("%(done)s / %(total)s (%(pct)d%%) · %(records)s records · %(rate)s/s") % {
            "done": _size(job.processed_bytes),
            "total": _size(job.total_bytes),
            "pct": int(share * 100),
            "records": f"{job.position:,}",
            "rate": f"{rate:,.0f}",
        }
        self.out.write(f"\r[{bar:<{WIDTH}}] {line}\x1b[K")
        self.out.flush()
        self.drawn = True

    def close(self) -> None:
        """Draw the final state, then end the line."""
        if self.latest is not None:
            self(self.latest, force=True)
        if self.drawn:
            self.out.write("\n")
            self.out.flush()
