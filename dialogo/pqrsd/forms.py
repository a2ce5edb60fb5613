"""PQRSD forms: filing (from a conversation, or a verbal/offline petition), workflow steps,
queue filters and the public status lookup."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.core.business_time import BOGOTA
from dialogo.core.models import Organization
from dialogo.pqrsd.models import RADICADO_PARTS, Intake, Office, PqrsdSettings, RequestType
from dialogo.pqrsd.queries import offices_for, types_for

OFFLINE_INTAKES = [(k, v) for k, v in Intake.choices if k in ("phone", "in_person", "letter")]


class _OrgForm(forms.Form):
    """A form whose type and office choices come from one organization."""

    type = forms.ModelChoiceField(label=_("Type of request"), queryset=None, to_field_name="code")
    office = forms.ModelChoiceField(label=_("Responsible office"), queryset=None, required=False)

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = types_for(organization)
        self.fields["office"].queryset = offices_for(organization)


class FileFromConversationForm(_OrgForm):
    message = forms.ModelChoiceField(label=_("Message filed"), queryset=None)
    citizen_email = forms.EmailField(label=_("Citizen's e-mail (optional)"), required=False)
    send_ack = forms.BooleanField(
        label=_("Send the radicado and how to follow it to the citizen on the same channel"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, messages, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["message"].queryset = messages
        self.fields["message"].empty_label = None  # the newest message is preselected
        self.fields["message"].label_from_instance = lambda m: m.text[:80]


class OfflineForm(_OrgForm):
    intake = forms.ChoiceField(label=_("Received"), choices=OFFLINE_INTAKES)
    received_at = forms.DateTimeField(
        label=_("Received at (Bogotá time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    citizen_name = forms.CharField(label=_("Citizen's name"), max_length=200, required=False)
    citizen_email = forms.EmailField(label=_("Citizen's e-mail"), required=False)
    citizen_phone = forms.CharField(label=_("Citizen's phone"), max_length=40, required=False)
    citizen_address = forms.CharField(label=_("Citizen's address"), max_length=200, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    text = forms.CharField(
        label=_("What the citizen asks"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean_received_at(self) -> dt.datetime:
        value = self.cleaned_data["received_at"]
        return value.replace(tzinfo=BOGOTA) if value.tzinfo is None else value


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class AnswerForm(TextForm):
    private = forms.BooleanField(
        label=_("The answer holds personal data: send it by e-mail, not on a public thread"),
        required=False,
    )
    denied = forms.BooleanField(
        label=_("The answer denies the request (e.g. the information is classified)"),
        required=False,
    )


class CompletionReceivedForm(forms.Form):
    completed_at = forms.DateTimeField(
        label=_("The citizen's answer was received at (Bogotá time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    text = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_completed_at(self) -> dt.datetime:
        value = self.cleaned_data["completed_at"]
        return value.replace(tzinfo=BOGOTA) if value.tzinfo is None else value


class TransferForm(forms.Form):
    entity = forms.CharField(label=_("Competent entity"), max_length=200)
    notice = forms.CharField(
        label=_("Notice to the citizen"), widget=forms.Textarea(attrs={"rows": 3})
    )
    letter = forms.CharField(label=_("Forwarding letter"), widget=forms.Textarea(attrs={"rows": 5}))


class ExtendForm(forms.Form):
    new_date = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("Reason (sent to the citizen)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class OfficeForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Responsible office"), queryset=None)

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices_for(organization)


class StatusForm(forms.Form):
    radicado = forms.CharField(label=_("Radicado"), max_length=40)
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = PqrsdSettings
        fields = [
            "completion_rule",
            "warn_days",
            "urgent_days",
            "radicado_parts",
            "radicado_separator",
            "consecutive_digits",
            "auto_file_webform",
        ]

    def clean_radicado_parts(self) -> str:
        parts = [p.strip() for p in self.cleaned_data["radicado_parts"].split(",") if p.strip()]
        if any(p not in RADICADO_PARTS for p in parts) or len(set(parts)) != len(parts):
            raise forms.ValidationError(
                _("Use only year, office, consecutive and type, once each.")
            )
        if "consecutive" not in parts:
            raise forms.ValidationError(_("The consecutive must be part of the radicado."))
        return ",".join(parts)

    def clean_consecutive_digits(self) -> int:
        value = self.cleaned_data["consecutive_digits"]
        if not 3 <= value <= 10:
            raise forms.ValidationError(_("Between 3 and 10 digits."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("urgent_days", 0) > data.get("warn_days", 0):
            raise forms.ValidationError(
                _("The urgent alert cannot come before the 'due soon' one.")
            )
        return data


class TypeForm(forms.ModelForm):
    class Meta:
        model = RequestType
        fields = [
            "code",
            "name",
            "term_days",
            "extension_days",
            "digit",
            "silence_accepts",
            "is_active",
        ]

    def clean_digit(self) -> int:
        value = self.cleaned_data["digit"]
        if value > 9:
            raise forms.ValidationError(_("One digit, 0 to 9."))
        return value

    def clean_term_days(self) -> int:
        value = self.cleaned_data["term_days"]
        if value < 1:
            raise forms.ValidationError(_("At least one business day."))
        return value


class OfficeCreateForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["code", "name", "email"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not (len(code) == 3 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("Three digits, e.g. 100."))
        return code
