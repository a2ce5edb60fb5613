from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from dialogo.core.audit import action_label
from dialogo.core.models import Organization
from dialogo.core.params import DATE_MAX, DATE_MIN

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
        ]
        widgets = {
            "work_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "work_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "privacy_notice": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        notice = self.fields["privacy_notice"]
        notice.max_length = 20_000
        notice.validators.append(MaxLengthValidator(20_000))

    def clean(self):
        data = super().clean()
        if (
            data.get("work_start")
            and data.get("work_end")
            and data["work_start"] >= data["work_end"]
        ):
            raise forms.ValidationError(_("The working day must end after it starts."))
        return data


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2999: one day more, or a time zone, never overflows."""

    widget = forms.DateInput(attrs={"type": "date"})

    def validate(self, value):
        super().validate(value)
        if value and not DATE_MIN <= value <= DATE_MAX:
            raise forms.ValidationError(
                _("Enter a date between %(min)s and %(max)s."),
                code="out_of_range",
                params={"min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()},
            )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.ChoiceField(label=_("Person"), required=False)
    since = BoundedDateField(label=_("From"), required=False)
    until = BoundedDateField(label=_("Until"), required=False)

    def __init__(self, *args, actions=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All"))] + [
            (a, f"{action_label(a)} ({a})") for a in actions
        ]
        self.fields["actor"].choices = [("", _("Everyone"))] + [
            (str(m.user_id), m.user.get_full_name() or m.user.get_username()) for m in members
        ]


def readable_errors(form: forms.BaseForm) -> str:
    """A form's errors in one line, each after its field's label (not its code name)."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        text = " ".join(str(e) for e in errors)
        parts.append(f"{label}: {text}" if label else text)
    return "; ".join(parts)
