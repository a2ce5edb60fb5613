"""Links from a figure to the list behind it, and numbers as the dashboard writes them."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag(takes_context=True)
def drill_url(context, key: str, params: dict | None = None) -> str:
    """The drill-down list of figure `key` with the page's period and filters (+ params)."""
    org = context["organization"].slug
    query = context["sel"].query(**(params or {}))
    return f"{reverse('metrics:drill', kwargs={'org': org, 'key': key})}?{query}"


@register.simple_tag(takes_context=True)
def csv_url(context, table: str) -> str:
    org = context["organization"].slug
    return f"{reverse('metrics:csv', kwargs={'org': org, 'table': table})}?{context['sel'].query()}"


@register.filter
def figure(value, unit: str = "count") -> str:
    """1.234 / 75,0 % / 2,5 h; a dash when there is nothing to measure."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{number_format(value, 1)} %"
    if unit == "hours":
        return f"{number_format(value, 1)} h"
    return number_format(value, 0, force_grouping=True)
