import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings

from dialogo.core import checks, crypto
from dialogo.networks.models import Channel


def test_credentials_are_encrypted_at_rest(org):
    channel = Channel(organization=org, kind="webform", name="x")
    channel.set_credentials({"app_password": "secreto-123"})
    channel.save()
    stored = Channel.objects.values_list("credentials_encrypted", flat=True).get(pk=channel.pk)
    assert "secreto-123" not in stored
    assert Channel.objects.get(pk=channel.pk).credentials == {"app_password": "secreto-123"}


OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def _stored(channel):
    return Channel.objects.values_list("credentials_encrypted", "cursor").get(pk=channel.pk)


def _channel(org, secret="secreto-123", session=None):
    channel = Channel(organization=org, kind="webform", name="x")
    channel.set_credentials({"app_password": secret})
    if session is not None:
        channel.cursor = {"since": "abc", "session": crypto.encrypt_json({"session": session})}
    channel.save()
    return channel


@override_settings(ENCRYPTION_KEY="", SECRET_KEY="the-old-secret-key-" + "x" * 40)
def test_values_encrypted_the_old_way_stay_readable_with_a_new_key(org):
    channel = _channel(org)  # encrypted with the key derived from SECRET_KEY
    with override_settings(ENCRYPTION_KEY=NEW):
        assert Channel.objects.get(pk=channel.pk).credentials == {"app_password": "secreto-123"}
    # SECRET_KEY rotated the Django way: the old one in SECRET_KEY_FALLBACKS still reads.
    with override_settings(
        ENCRYPTION_KEY=NEW,
        SECRET_KEY="brand-new-" + "y" * 40,
        SECRET_KEY_FALLBACKS=["the-old-secret-key-" + "x" * 40],
    ):
        assert Channel.objects.get(pk=channel.pk).credentials == {"app_password": "secreto-123"}


def test_rotation_moves_every_secret_to_the_new_key(org, capsys):
    with override_settings(ENCRYPTION_KEY=OLD):
        channel = _channel(org, session="sesion-bsky")
        empty = Channel.objects.create(organization=org, kind="webform", name="sin clave")
        before = _stored(channel)
    with override_settings(ENCRYPTION_KEY=NEW, ENCRYPTION_KEY_FALLBACKS=[OLD]):
        call_command("rotate_encryption_key")
        assert "re-encrypted 2 stored secrets" in capsys.readouterr().out
    after = _stored(channel)
    assert after[0] != before[0] and after[1]["session"] != before[1]["session"]
    assert after[1]["since"] == "abc"
    # Only the new key now: the old one (and SECRET_KEY) can go.
    with override_settings(ENCRYPTION_KEY=NEW, SECRET_KEY="another-" + "z" * 40):
        fresh = Channel.objects.get(pk=channel.pk)
        assert fresh.credentials == {"app_password": "secreto-123"}
        assert crypto.decrypt_json(fresh.cursor["session"]) == {"session": "sesion-bsky"}
        assert Channel.objects.get(pk=empty.pk).credentials == {}
    with override_settings(ENCRYPTION_KEY=OLD, SECRET_KEY="another-" + "z" * 40):
        with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
            _credentials = Channel.objects.get(pk=channel.pk).credentials


def test_rotation_stops_on_a_secret_no_key_reads(org):
    with override_settings(ENCRYPTION_KEY=OLD):
        channel = _channel(org)
    with override_settings(ENCRYPTION_KEY=NEW, SECRET_KEY="another-" + "z" * 40):
        with pytest.raises(CommandError, match=f"channel {channel.pk}"):
            call_command("rotate_encryption_key")
    with override_settings(ENCRYPTION_KEY=OLD):
        assert Channel.objects.get(pk=channel.pk).credentials == {"app_password": "secreto-123"}


def test_deploy_check_requires_a_valid_encryption_key():
    with override_settings(ENCRYPTION_KEY=""):
        assert [e.id for e in checks.check_encryption_key()] == ["dialogo.E001"]
    with override_settings(ENCRYPTION_KEY="not-a-key", ENCRYPTION_KEY_FALLBACKS=[OLD, "short"]):
        assert [e.id for e in checks.check_encryption_key()] == ["dialogo.E002", "dialogo.E002"]
    with override_settings(ENCRYPTION_KEY=NEW, ENCRYPTION_KEY_FALLBACKS=[OLD]):
        assert checks.check_encryption_key() == []


def test_a_malformed_key_is_a_clear_configuration_error():
    with override_settings(ENCRYPTION_KEY="not-a-key"):
        with pytest.raises(ImproperlyConfigured, match="ENCRYPTION_KEY must hold Fernet keys"):
            crypto.encrypt_json({"a": 1})
