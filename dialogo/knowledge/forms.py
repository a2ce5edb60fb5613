from django import forms
from django.utils.translation import gettext_lazy as _


class SavedReplyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Variables: {citizen_name}, {channel}, {institution}, {form_link}, {policy_link} "
            "(also {nombre}, {canal}, {entidad}, {enlace_formulario}, {enlace_politica})."
        ),
    )
    personal = forms.BooleanField(label=_("Only for me"), required=False)
