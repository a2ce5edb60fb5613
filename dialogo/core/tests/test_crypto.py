from dialogo.networks.models import Channel


def test_credentials_are_encrypted_at_rest(org):
    channel = Channel(organization=org, kind="webform", name="x")
    channel.set_credentials({"app_password": "secreto-123"})
    channel.save()
    stored = Channel.objects.values_list("credentials_encrypted", flat=True).get(pk=channel.pk)
    assert "secreto-123" not in stored
    assert Channel.objects.get(pk=channel.pk).credentials == {"app_password": "secreto-123"}
