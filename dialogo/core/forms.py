from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django import forms
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from dialogo.core.audit import Action

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from dialogo.core.models import Organization

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OrganizationSettingsForm(forms.ModelForm):
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "contact_email",
            "work_start",
            "work_end",
            "working_days",
            "first_response_target_hours",
            "resolution_target_hours",
            "webform_enabled",
            "privacy_notice",
            "moderation_needs_approval",
            "brand_color",
            "govco_bar",
        ]
        widgets = {
            "work_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "work_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "privacy_notice": forms.Textarea(attrs={"rows": 6}),
            "brand_color": forms.TextInput(attrs={"type": "color"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        notice = self.fields["privacy_notice"]
        notice.max_length = 20_000
        notice.validators.append(MaxLengthValidator(20_000))
        # Left out of a submission, the colour stays as it was.
        self.fields["brand_color"].required = False

    def clean_brand_color(self) -> str:
        return self.cleaned_data.get("brand_color") or self.instance.brand_color

    def clean(self):
        data = super().clean()
        if (
            data.get("work_start")
            and data.get("work_end")
            and data["work_start"] >= data["work_end"]
        ):
            raise forms.ValidationError(_("The working day must end after it starts."))
        return data


#: The dates the audit filter accepts: any day the log can hold, with room for "the next day".
AUDIT_FIRST_DAY = dt.date(2000, 1, 1)
AUDIT_LAST_DAY = dt.date(2999, 12, 31)


def _audit_date(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[
            MinValueValidator(AUDIT_FIRST_DAY, _("Enter a date from the year 2000 on.")),
            MaxValueValidator(AUDIT_LAST_DAY, _("Enter a date before the year 3000.")),
        ],
    )


class LogoForm(forms.Form):
    """The institution's logo for its public pages (PNG, JPEG, WebP or SVG, up to 256 KB)."""

    logo = forms.FileField(
        label=_("Logo for the public pages"),
        required=False,
        help_text=_("PNG, JPEG, WebP or SVG, up to 256 KB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp,image/svg+xml"}
        ),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean_logo(self):
        from dialogo.core.branding import LOGO_MAX_BYTES, LOGO_TYPES, sniff_image

        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 256 KB."))
        data = upload.read()
        kind = sniff_image(data)
        if kind not in LOGO_TYPES:
            raise forms.ValidationError(_("The logo must be a PNG, JPEG, WebP or SVG image."))
        return data, kind


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.ChoiceField(label=_("Person"), required=False)
    since = _audit_date(_("From"))
    until = _audit_date(_("Until"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All")), *Action.choices]
        self.fields["actor"].choices = [("", _("Everyone"))] + [
            (str(m.user_id), m.user.get_full_name() or m.user.get_username()) for m in members
        ]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The first day must not come after the last one."))
        return data


def readable_errors(form: forms.BaseForm) -> str:
    """A form's errors in one line, each after its field's label (not its code name)."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)
