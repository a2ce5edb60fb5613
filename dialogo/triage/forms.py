from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.core.roles import Cap, roles_with
from dialogo.triage.models import RoutingRule


class CorrectionForm(forms.Form):
    """One choice: ``head:value`` (see ``services.apply_correction``), or ``confirm``."""

    choice = forms.CharField(label=_("Correct to"), max_length=100)


class OwnDomainsForm(forms.Form):
    own_domains = forms.CharField(
        label=_("the institution's own domains"),
        help_text=_(
            "One per line or comma-separated, e.g. bogota.gov.co. "
            "Links to them are never a sign of spam."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = [
            "name",
            "position",
            "topic",
            "message_type",
            "channel",
            "keywords",
            "members",
            "is_active",
        ]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = organization.topics.all()
        self.fields["channel"].queryset = organization.channels.all()
        # Real placeholders instead of Django's "---------".
        self.fields["topic"].empty_label = _("Any topic")
        self.fields["channel"].empty_label = _("Any channel")
        if "message_type" in self.fields:
            choices = [c for c in self.fields["message_type"].choices if c[0] != ""]
            self.fields["message_type"].choices = [("", _("Any type")), *choices]
        self.fields["members"].queryset = organization.memberships.filter(
            role__in=roles_with(Cap.REPLY)
        ).select_related("user")
        self.fields["members"].label_from_instance = lambda m: (
            m.user.get_full_name() or m.user.username
        )
