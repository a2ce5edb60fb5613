"""`make bench`: run every benchmark under bench/ and print its figures beside baselines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    "inbox.py",
    "import_archive.py",
    "triage.py",
    "false_alarms.py",
    "learning.py",
    "load.py",
    "pqrsd.py",
    "metrics.py",
]


def main() -> int:
    failed = []
    for name in BENCHES + [a for a in sys.argv[1:] if a not in BENCHES]:
        path = HERE / name
        if not path.exists():
            print(f"== {name}: not present, skipped")
            continue
        print(f"== {name}", flush=True)
        if subprocess.run([sys.executable, str(path)], cwd=HERE.parent).returncode != 0:
            failed.append(name)
    if failed:
        print("benchmarks that failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
