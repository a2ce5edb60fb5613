from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.moderation.models import ActionKind, PolicyClause


class ModerationForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=ActionKind.choices)
    clause = forms.ModelChoiceField(
        label=_("Clause of the use policy"), queryset=PolicyClause.objects.none()
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
