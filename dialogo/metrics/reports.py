"""The monthly report: the dashboard's figures for one month, as PDF and XLSX.

XlsxWriter (pure Python, writes native Excel charts) and fpdf2 (pure Python) were chosen over
openpyxl and ReportLab: nothing to compile, and both only write, which is all we do.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from dialogo.core.models import Organization
from dialogo.metrics import dashboard, objectives
from dialogo.metrics.models import Objective
from dialogo.metrics.periods import Filters, Period, Selection


@dataclass
class Content:
    organization: str
    title: str
    period: Period
    figures: list[tuple[str, Any]] = field(default_factory=list)
    tables: list[tuple[str, list[tuple[str, Any]]]] = field(default_factory=list)
    series: list[tuple[dt.date, int, int]] = field(default_factory=list)  # day, in, replies
    buckets: list[tuple[str, int]] = field(default_factory=list)


def _fmt(value: Any, unit: str = "count") -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:.1f} %".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.2f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


def monthly(org: Organization, month: dt.date) -> Content:
    """What the report says, in the organization's language (Spanish)."""
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    period = Period(month, nxt - dt.timedelta(days=1))
    with translation.override("es"):
        board = dashboard.build(org, Selection(period, Filters()), with_members=False)
        content = Content(
            organization=org.name,
            title=_("Monthly report %(month)s") % {"month": month.strftime("%Y-%m")},
            period=period,
        )
        for figure in board.figures.values():
            if not figure.key.startswith(("fr_b", "fr_c", "res_b", "res_c")):
                content.figures.append((str(figure.label), _fmt(figure.value, figure.unit)))
        t = board.first_response
        content.figures += [
            (_("Median first response (business hours)"), _fmt(t.median_business)),
            (_("p90 first response (business hours)"), _fmt(t.p90_business)),
            (_("Median first response (calendar hours)"), _fmt(t.median_calendar)),
            (_("p90 first response (calendar hours)"), _fmt(t.p90_calendar)),
            (_("Median resolution (business hours)"), _fmt(board.resolution.median_business)),
        ]
        content.tables = [
            (str(table.title), [(str(label), value) for label, value, _p in table.rows])
            for table in board.tables
        ]
        content.tables.append(
            (
                _("Objectives"),
                [
                    (str(p.objective), _fmt(p.value))
                    for p in (
                        objectives.evaluate(org, o, period.end)
                        for o in Objective.objects.filter(
                            organization=org, start__lte=period.end, end__gte=period.start
                        )
                    )
                ],
            )
        )
        content.series = [(s["start"], s["inbound"], s["replies"]) for s in board.series]
        content.buckets = [(b[0], b[1]) for b in board.fr_buckets]
    return content


def to_xlsx(content: Content) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Figures")[:31])
    sheet.write(0, 0, content.organization, bold)
    sheet.write(1, 0, f"{content.period.start} – {content.period.end}")
    for row, (label, value) in enumerate(content.figures, start=3):
        sheet.write(row, 0, label)
        sheet.write(row, 1, value)
    sheet.set_column(0, 0, 48)
    days = book.add_worksheet(_("By day")[:31])
    days.write_row(0, 0, [_("Day"), _("Messages received"), _("Replies to citizens")], bold)
    for row, (day, inbound, replies) in enumerate(content.series, start=1):
        days.write_row(row, 0, [day.isoformat(), inbound, replies])
    if content.series:
        chart = book.add_chart({"type": "line"})
        n = len(content.series)
        for col, name in ((1, _("Messages received")), (2, _("Replies to citizens"))):
            chart.add_series(
                {
                    "name": name,
                    "categories": [days.name, 1, 0, n, 0],
                    "values": [days.name, 1, col, n, col],
                }
            )
        days.insert_chart("E2", chart)
    for title, rows in content.tables:
        sheet = book.add_worksheet(title[:31])
        for row, (label, value) in enumerate(rows):
            sheet.write_row(row, 0, [label, value])
        sheet.set_column(0, 0, 40)
    book.close()
    return out.getvalue()


def _latin(text: str) -> str:
    """The PDF's core fonts hold Latin-1: Spanish letters pass, a few signs are spelled."""
    for sign, plain in (("–", "-"), ("—", "-"), ("≥", ">="), ("≤", "<="), ("·", "-"), ("…", "...")):
        text = text.replace(sign, plain)
    return text.encode("latin-1", "replace").decode("latin-1")


def to_pdf(content: Content) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin(content.organization), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.cell(
        0,
        8,
        _latin(f"{content.title} ({content.period.start} - {content.period.end})"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    for label, value in content.figures:
        pdf.cell(120, 6, _latin(label))
        pdf.cell(0, 6, _latin(str(value)), new_x="LMARGIN", new_y="NEXT")
    _bars(
        pdf, _("Messages received per day"), [(d.strftime("%d"), n) for d, n, _r in content.series]
    )
    _bars(pdf, _("First responses by business time"), content.buckets)
    for title, rows in content.tables:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _latin(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for label, value in rows or [(_("Nothing in this month."), "")]:
            pdf.cell(120, 5.5, _latin(str(label))[:70])
            pdf.cell(0, 5.5, _latin(str(value)), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _bars(pdf, title: str, values: list[tuple[str, int]]) -> None:
    """A bar chart drawn with rectangles (with its numbers in the tables beside it)."""
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _latin(title), new_x="LMARGIN", new_y="NEXT")
    if not values:
        return
    top, height, left, width = pdf.get_y() + 2, 40, pdf.l_margin, pdf.epw
    peak = max(v for _l, v in values) or 1
    step = width / len(values)
    pdf.set_fill_color(31, 95, 153)
    pdf.set_font("Helvetica", "", 6)
    for i, (label, value) in enumerate(values):
        bar = height * value / peak
        pdf.rect(left + i * step + step * 0.1, top + height - bar, step * 0.8, bar, style="F")
        if len(values) <= 40:
            pdf.text(left + i * step + step * 0.1, top + height + 3, _latin(str(label)))
    pdf.set_y(top + height + 6)
