from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.moderation.models import ActionKind, PolicyClause


class ModerationForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ActionKind.choices)
    clause = forms.ModelChoiceField(
        label=_("Clause of the use policy"),
        queryset=PolicyClause.objects.none(),
        empty_label=_("Choose the clause…"),
    )
    note = forms.CharField(label=_("Note (internal)"), required=False, max_length=2000)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = PolicyClause.objects.filter(
            organization=organization, is_active=True
        )


class ClauseForm(forms.ModelForm):
    class Meta:
        model = PolicyClause
        fields = ["code", "title", "text", "position", "is_active"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ClauseEditForm(forms.ModelForm):
    """Amend a published clause. Its earlier wording stays on record, and acts keep the
    wording they cited."""

    class Meta:
        model = PolicyClause
        fields = ["code", "title", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        taken = PolicyClause.objects.filter(organization=self.instance.organization_id, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A clause with this number already exists."))
        return code
