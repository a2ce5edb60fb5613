from django import forms
from django.utils.translation import gettext_lazy as _

from dialogo.networks.hosts import public_host_error

MAX_UPLOAD = 4 * 1024**3  # 4 GiB: archives are streamed from disk, never held in memory


class ChannelForm(forms.Form):
    """Name plus the adapter's own credential fields (secrets are never shown back)."""

    name = forms.CharField(label=_("Name shown in the inbox"), max_length=120)

    def __init__(self, *args, adapter_cls=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.server_fields = []  # credential fields naming a server: checked by public_host_error
        for spec in getattr(adapter_cls, "credential_fields", []):
            field_name, label, secret = spec[:3]
            options = spec[3] if len(spec) > 3 else {}
            required = options.get("required", True) and not (secret and editing)
            if options.get("choices"):
                field = forms.ChoiceField(
                    label=label, choices=options["choices"], required=required
                )
            else:
                widget = forms.PasswordInput(render_value=False) if secret else forms.TextInput
                # When editing, an empty secret keeps the stored one.
                field = forms.CharField(
                    label=label, required=required, widget=widget, max_length=2000
                )
            field.help_text = options.get("help", "")
            field.initial = options.get("initial")
            self.fields[f"cred_{field_name}"] = field
            if options.get("server_address"):
                self.server_fields.append(f"cred_{field_name}")

    server_fields: list[str]

    def clean(self):
        data = super().clean()
        for name in self.server_fields:
            value = data.get(name)
            error = public_host_error(value) if value else ""
            if error:
                self.add_error(name, error)
        return data

    def credentials(self, previous: dict | None = None) -> dict:
        data = dict(previous or {})
        for key, value in self.cleaned_data.items():
            if key.startswith("cred_") and value != "":
                data[key[5:]] = value.strip()
        return data


class ImportForm(forms.Form):
    archive = forms.FileField(label=_("Archive file (.zip, .js, .json, .jsonl, .csv)"))
    archive_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("auto", _("Detect automatically")),
            ("x", _("X / Twitter archive (tweets.js)")),
            ("x-dm", _("X / Twitter direct messages")),
            ("mastodon", _("Mastodon export (outbox.json)")),
            ("facebook", _("Facebook page export")),
            ("jsonl", _("JSON Lines (Diálogo format)")),
            ("csv", _("CSV (Diálogo format)")),
        ],
        initial="auto",
    )

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than 4 GB; import it with manage.py import_archive.")
            )
        return upload
