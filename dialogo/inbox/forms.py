from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.inbox.models import State
from dialogo.networks import limits


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

    def __init__(self, *args, channel=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel

    def clean_text(self) -> str:
        """The network's own length limit, counted its way (see networks.limits)."""
        text = self.cleaned_data["text"]
        if self.channel is None:
            return text
        limit = limits.limit_for(self.channel)
        used = limits.length(self.channel.kind, text)
        if limit is not None and used > limit:
            raise forms.ValidationError(
                _(
                    "%(network)s allows %(limit)d characters and this reply has %(used)d: "
                    "shorten it by %(over)d."
                )
                % {
                    "network": self.channel.kind_label,
                    "limit": limit,
                    "used": used,
                    "over": used - limit,
                }
            )
        return text


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


class ConversationUpdateForm(forms.Form):
    """Assignee, state and topic in one form: the view calls each service for what changed."""

    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=State.choices)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args, members=(), topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = AssignForm(members=members).fields["assignee"].choices
        self.fields["topic"].choices = TopicForm(topics=topics).fields["topic"].choices
