import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dialogo.core.models import AuditEntry
from dialogo.core.roles import Role
from dialogo.networks import registry
from dialogo.networks.base import AuthError, BaseAdapter
from dialogo.networks.models import Channel, ChannelStatus, ImportJob


@registry.register
class CheckedAdapter(BaseAdapter):
    kind = "checked-test"
    label = "Checked"
    credential_fields = [("user", "User", False), ("secret", "Secret", True)]

    def check_credentials(self):
        if self.channel.credentials.get("secret") != "right":
            raise AuthError("invalid app password")
        return "@" + self.channel.credentials["user"]


@pytest.fixture
def admin_client(client, members):
    client.force_login(members[Role.ADMIN].user)
    return client


def test_connect_with_wrong_credentials_shows_clear_error(admin_client, org):
    url = reverse("networks:connect", kwargs={"org": org.slug, "kind": "checked-test"})
    response = admin_client.post(
        url, {"name": "Cuenta", "cred_user": "antd", "cred_secret": "wrong"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The network rejected these credentials" in body
    assert "invalid app password" not in body  # the remote server's words are not echoed
    assert Channel.objects.filter(kind="checked-test").count() == 0


def test_connect_saves_encrypted_and_redirects(admin_client, org):
    url = reverse("networks:connect", kwargs={"org": org.slug, "kind": "checked-test"})
    response = admin_client.post(
        url, {"name": "Cuenta", "cred_user": "antd", "cred_secret": "right"}
    )
    channel = Channel.objects.get(kind="checked-test")
    assert response.status_code == 302
    assert channel.handle == "@antd"
    assert "right" not in channel.credentials_encrypted
    body = admin_client.get(
        reverse("networks:detail", kwargs={"org": org.slug, "pk": channel.pk})
    ).content.decode()
    assert "@antd" in body and "right" not in body
    # Editing with an empty secret keeps the stored one.
    edit = reverse(
        "networks:edit", kwargs={"org": org.slug, "pk": channel.pk, "kind": "checked-test"}
    )
    assert (
        admin_client.post(
            edit, {"name": "Cuenta 2", "cred_user": "antd", "cred_secret": ""}
        ).status_code
        == 302
    )


def test_channels_are_admin_only_and_scoped(client, members, org, other_org):
    foreign = Channel.objects.create(organization=other_org, kind="webform", name="Ajeno")
    client.force_login(members[Role.AGENT].user)
    assert client.get(reverse("networks:list", kwargs={"org": org.slug})).status_code == 403
    client.force_login(members[Role.ADMIN].user)
    assert (
        client.get(
            reverse("networks:detail", kwargs={"org": org.slug, "pk": foreign.pk})
        ).status_code
        == 404
    )


def test_upload_creates_import_job(
    admin_client, org, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    channel = Channel.objects.create(organization=org, kind="webform", name="Web")
    upload = SimpleUploadedFile("historia.jsonl", b'{"id": "1", "text": "hola"}\n')
    url = reverse("networks:import", kwargs={"org": org.slug, "pk": channel.pk})
    with django_capture_on_commit_callbacks() as queued:
        response = admin_client.post(url, {"archive": upload, "archive_format": "jsonl"})
    assert response.status_code == 302
    assert len(queued) == 1  # the import, once the job is stored
    job = ImportJob.objects.get()
    entry = AuditEntry.objects.get(action="channel.import")
    assert entry.details == {"job": job.pk, "file": "historia.jsonl"}
    assert entry.ip_address == "127.0.0.1"
    assert job.total_bytes == len(b'{"id": "1", "text": "hola"}\n')
    status = reverse(
        "networks:import_status", kwargs={"org": org.slug, "pk": channel.pk, "job_id": job.pk}
    )
    assert "historia.jsonl" in admin_client.get(status).content.decode()


def test_pause_and_resume_go_through_the_service(admin_client, org, members):
    channel = Channel.objects.create(organization=org, kind="webform", name="Web")
    url = reverse("networks:pause", kwargs={"org": org.slug, "pk": channel.pk})
    admin_client.post(url)
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.PAUSED
    admin_client.post(url)
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.ACTIVE
    changes = [e.details for e in AuditEntry.objects.filter(action="channel.status").order_by("id")]
    assert changes == [
        {"from": "active", "to": "paused"},
        {"from": "paused", "to": "active"},
    ]
