from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.pqrsd.webform import KINDS


class WebFormForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Your e-mail (we answer there)"), max_length=254)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    kind = forms.ChoiceField(
        label=_("What is your message?"), choices=KINDS, initial="question", required=False
    )
    text = forms.CharField(
        label=_("Your message"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and authorise the processing of my personal data."),
        required=True,
        error_messages={
            "required": _("We need your authorisation to process your message (Ley 1581 de 2012).")
        },
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or "question"  # not said: a plain question

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if len(text) < 3:
            raise forms.ValidationError(_("Please write your message."))
        return text
