from dialogo.conftest import make_conversation
from dialogo.inbox import search
from dialogo.inbox.models import Conversation


def test_terms_fold_accents_and_plurals():
    assert search.terms("Trámites PASAPORTES") == search.terms("tramite pasaporte")


def test_search_finds_accents_plurals_and_author(channel, org):
    a = make_conversation(channel, "Necesito información sobre los pasaportes", name="Marleny Ruíz")
    b = make_conversation(channel, "Pregunta por el RUT y los impuestos", who="otro@example.com")
    base = Conversation.objects.filter(organization=org)
    assert list(search.filter_conversations(base, "pasaporte informacion")) == [a]
    assert list(search.filter_conversations(base, "impuesto")) == [b]
    assert list(search.filter_conversations(base, "ruiz")) == [a]
    assert list(search.filter_conversations(base, "inexistente")) == []


def test_search_ignores_query_syntax(channel, org):
    make_conversation(channel, "hola")
    base = Conversation.objects.filter(organization=org)
    assert list(search.filter_conversations(base, '"OR * NEAR( -- ;')) == []
