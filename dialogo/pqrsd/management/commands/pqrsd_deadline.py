"""`manage.py pqrsd_deadline --type peticion --received 2026-12-24T10:00-05:00`.

Prints the legal deadline with a short explanation; the last line is the date alone
(YYYY-MM-DD), so a script or a person checking by hand can read it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dialogo.pqrsd import deadlines
from dialogo.pqrsd.terms import DEFAULT_TYPES, DEFAULTS_BY_CODE

_REASONS = {
    "business_day": "a business day within office hours",
    "non_business_day": "a weekend day or a holiday: counts as received the next business day",
    "after_hours": "after office hours: counts as received the next business day",
}


class Command(BaseCommand):
    help = "Print the legal deadline (business days, Colombian holidays) of a PQRSD request."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--type",
            required=True,
            type=_type_code,
            help="one of: " + ", ".join(t.code for t in DEFAULT_TYPES) + " (accents ignored)",
        )
        parser.add_argument(
            "--received",
            required=True,
            help="ISO time, e.g. 2026-12-24T10:00-05:00 (no offset: America/Bogota)",
        )
        parser.add_argument("--organization", help="organization slug: use its terms and hours")

    def handle(self, *args, type: str, received: str, organization: str | None, **options):
        moment = _parse(received)
        term, office = _term_and_office(type, organization)
        why = deadlines.explain(moment, term, office)
        out = self.stdout
        out.write(f"Type: {type}; term: {term} business days")
        out.write(f"Received: {why.received_local:%Y-%m-%d %H:%M %z} ({why.received_local:%A})")
        out.write(f"Counts as received: {why.receipt_day} ({_REASONS[why.reason]})")
        out.write(f"First business day counted: {why.first_counted}")
        first_year, last_year = why.receipt_day.year, why.deadline.year
        holidays = [
            d
            for d in deadlines.holiday_list(first_year, last_year)
            if why.receipt_day <= d <= why.deadline
        ]
        listed = ", ".join(str(d) for d in holidays) or "none"
        out.write(f"Holidays in between: {listed}")
        out.write(f"Deadline (last business day of the term, whole day): {why.deadline}")
        out.write(why.deadline.isoformat())


def _type_code(value: str) -> str:
    """'Petición', 'habeas-consulta' → 'peticion', 'habeas_consulta'."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    code = plain.strip().replace("-", "_").replace(" ", "_")
    if code not in DEFAULTS_BY_CODE:
        known = ", ".join(t.code for t in DEFAULT_TYPES)
        raise argparse.ArgumentTypeError(f"unknown type {value!r} (known: {known})")
    return code


def _parse(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--received: not an ISO date/time: {value!r}") from exc


def _term_and_office(code: str, slug: str | None) -> tuple[int, deadlines.Office]:
    if not slug:
        return DEFAULTS_BY_CODE[code].term_days, deadlines.DEFAULT_OFFICE
    # Inline import: the default path (no organization) must work without a database.
    from dialogo.core.models import Organization
    from dialogo.pqrsd.queries import office_for, type_config

    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        raise CommandError(f"no organization {slug!r}")
    config = type_config(org, code)
    if config is None:
        raise CommandError(f"{slug} has no active type {code!r}")
    return config.term_days, office_for(org)
