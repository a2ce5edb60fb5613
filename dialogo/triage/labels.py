"""The shipped label codes of each head, with their display names."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MessageType(models.TextChoices):
    PREGUNTA = "pregunta", _("Question")
    PETICION = "peticion", _("Petition")
    INFORMACION = "informacion", _("Request for information or documents")
    QUEJA = "queja", _("Complaint")
    RECLAMO = "reclamo", _("Claim")
    SUGERENCIA = "sugerencia", _("Suggestion")
    DENUNCIA = "denuncia", _("Report of wrongdoing")
    FELICITACION = "felicitacion", _("Praise")
    COMENTARIO = "comentario", pgettext_lazy("message type", "Comment")
    ABUSO = "abuso", _("Abuse")
    SPAM = "spam", _("Spam")


class Sentiment(models.TextChoices):
    POSITIVO = "positivo", _("Positive")
    NEUTRO = "neutro", _("Neutral")
    NEGATIVO = "negativo", _("Negative")


class Offensive(models.TextChoices):
    OFENSIVO = "ofensivo", _("Offensive")
    NO_OFENSIVO = "no_ofensivo", _("Not offensive")


class Head(models.TextChoices):
    TYPE = "type", _("Type")
    SENTIMENT = "sentiment", _("Sentiment")
    OFFENSIVE = "offensive", _("Offensive language")
    TOPIC = "topic", _("Topic")


# Types that ask the institution for something: they need an answer.
NEEDS_ANSWER = {"pregunta", "peticion", "informacion", "queja", "reclamo", "sugerencia", "denuncia"}
