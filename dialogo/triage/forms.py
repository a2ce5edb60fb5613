from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.core.roles import Cap, roles_with
from dialogo.triage.labels import MessageType, Offensive, Sentiment
from dialogo.triage.models import RoutingRule


class CorrectionForm(forms.Form):
    message_type = forms.ChoiceField(label=_("Type"), choices=MessageType.choices)
    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=Sentiment.choices)
    offensive = forms.ChoiceField(label=_("Offensive language"), choices=Offensive.choices)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    needs_answer = forms.TypedChoiceField(
        label=_("Needs an answer"),
        choices=[("yes", _("Needs an answer")), ("no", _("No answer needed"))],
        coerce=lambda v: v == "yes",
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("No topic"))] + [(str(t.pk), t.name) for t in topics]


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
