#!/usr/bin/env python
"""Django's command-line utility for Diálogo."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dialogo.settings")
    # A checkout with no configuration at all is a developer's or an evaluator's machine:
    # run with the development settings, as `make run` does, so that commands such as
    # `pqrsd_deadline` or `triage_evaluate` work as typed. A production install sets
    # SECRET_KEY (or SECRET_KEY_FILE) and DEBUG, and then nothing here applies.
    if not any(os.environ.get(name) for name in ("DEBUG", "SECRET_KEY", "SECRET_KEY_FILE")):
        os.environ["DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
