"""Forms of the metrics pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.metrics.models import Objective, ObjectiveMetric
from dialogo.metrics.periods import MAX_DAYS


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["metric", "target", "within_hours", "start", "end", "is_public"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days >= MAX_DAYS):
            raise forms.ValidationError(
                _("The period must end after it starts (ten years at most).")
            )
        target = data.get("target")
        metric = data.get("metric")
        percent = metric not in (
            ObjectiveMetric.ANSWERED_COUNT,
            ObjectiveMetric.MEDIAN_FIRST_RESPONSE,
        )
        if target is not None and (target < 0 or (percent and target > 100)):
            self.add_error("target", _("A percentage goes from 0 to 100."))
        if metric == ObjectiveMetric.ANSWERED_WITHIN and not data.get("within_hours"):
            self.add_error("within_hours", _("Say within how many business hours."))
        return data


class ReportForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    def clean_month(self) -> dt.date:
        month = self.cleaned_data["month"].replace(day=1)
        if not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("Choose a month between 2000 and 2100."))
        return month
