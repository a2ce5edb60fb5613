from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.inbox.models import State


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the citizen"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
    idempotency_key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    wait_for_citizen = forms.BooleanField(
        label=_("I asked the citizen for details: wait for their answer"), required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (the citizen never sees it)"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Nobody"))]
        choices += [
            (str(m.user_id), m.user.get_full_name() or m.user.get_username()) for m in members
        ]
        self.fields["assignee"].choices = choices


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=State.choices)
    # Set by the confirmation step (closing with a reply that was not delivered).
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MarkAnsweredForm(forms.Form):
    reason = forms.CharField(
        label=_("Answered another way: how?"),
        max_length=500,
        help_text=_("For example: by phone on the number they gave, or in person at the office."),
    )


class TopicForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("No topic"))] + [(str(t.pk), t.name) for t in topics]
