from dialogo.conftest import make_conversation
from dialogo.inbox.queries import stored_network_ids
from dialogo.networks.models import Channel


def test_stored_network_ids_are_the_channels_own(channel, other_org):
    make_conversation(channel, "uno", network_id="c-1")
    make_conversation(channel, "dos", network_id="c-2", who="otra@example.com")
    elsewhere = Channel.objects.create(organization=other_org, kind="webform", name="w")
    make_conversation(elsewhere, "tres", network_id="c-3")
    assert stored_network_ids(channel.pk, ["c-3", "c-2", "c-9", "c-1"]) == ["c-1", "c-2"]
    assert stored_network_ids(channel.pk, []) == []
