"""PQRSD: legal petitions filed with a radicado, their terms, offices and workflow steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dialogo.core.models import Organization
from dialogo.inbox.models import Citizen, Conversation, Message
from dialogo.networks.models import Channel


class CompletionRule(models.TextChoices):
    """Art. 17 "se reactivará": which term runs after the citizen completes the request."""

    RESTART = "restart", _("The full term starts over")
    RESUME = "resume", _("The remaining days resume")


RADICADO_PARTS = ("year", "office", "consecutive", "type")


class PqrsdSettings(models.Model):
    """An organization's PQRSD choices (its legal office decides them)."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="pqrsd_settings",
        verbose_name=_("organization"),
    )
    completion_rule = models.CharField(
        _("after the citizen completes a request"),
        max_length=10,
        choices=CompletionRule.choices,
        default=CompletionRule.RESTART,
    )
    radicado_parts = models.CharField(
        _("radicado parts"),
        max_length=60,
        default="year,office,consecutive,type",
        help_text=_("In order, separated by commas: year, office, consecutive, type."),
    )
    radicado_separator = models.CharField(_("radicado separator"), max_length=1, blank=True)
    consecutive_digits = models.PositiveSmallIntegerField(_("consecutive digits"), default=6)
    warn_days = models.PositiveSmallIntegerField(
        _("'due soon' from (business days left)"), default=5
    )
    urgent_days = models.PositiveSmallIntegerField(
        _("urgent alert from (business days left)"), default=2
    )
    auto_file_webform = models.BooleanField(
        _("file web form petitions automatically"), default=True
    )

    class Meta:
        verbose_name = _("PQRSD settings")
        verbose_name_plural = _("PQRSD settings")

    def __str__(self) -> str:
        return str(self.organization)


class Office(models.Model):
    """A dependencia: the office responsible for answering; its code goes in the radicado."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    code = models.CharField(_("code"), max_length=3, help_text=_("Three digits, e.g. 100."))
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("alert e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="pqrsd_office_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RequestType(models.Model):
    """A type of request and its term in business days, per organization (special regimes too)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    term_days = models.PositiveSmallIntegerField(_("term (business days)"))
    extension_days = models.PositiveSmallIntegerField(
        _("most an extension may add (business days)")
    )
    digit = models.PositiveSmallIntegerField(_("type digit in the radicado"))
    silence_accepts = models.BooleanField(
        _("unanswered past the term counts as accepted (information)"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("request type")
        verbose_name_plural = _("request types")
        ordering = ["digit", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="pqrsd_type_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language when it is one of the legal defaults (stored in
        English, the catalogue's source language); an organization's own name as written."""
        return gettext(self.name)


class RadicadoCounter(models.Model):
    """The last number given per organization, series and year; locked while it is taken.

    Series "radicado" numbers PQRSD requests; series "web" numbers the references the web
    form gives for plain questions (which are not radicados)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    series = models.CharField(_("series"), max_length=10, default="radicado")
    year = models.PositiveSmallIntegerField(_("year"))
    last_value = models.PositiveIntegerField(_("last consecutive"), default=0)

    class Meta:
        verbose_name = _("radicado counter")
        verbose_name_plural = _("radicado counters")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "series", "year"], name="pqrsd_counter_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_value}"


class Intake(models.TextChoices):
    NETWORK = "network", _("Social network or e-mail")
    WEBFORM = "webform", _("Web form")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    LETTER = "letter", _("Letter")


class RequestState(models.TextChoices):
    FILED = "filed", pgettext_lazy("pqrsd state", "In progress")
    AWAITING_CITIZEN = "awaiting_citizen", _("Waiting for the citizen to complete")
    TRANSFERRED = "transferred", _("Transferred to the competent entity")
    ANSWERED = "answered", pgettext_lazy("pqrsd state", "Answered")
    CLOSED = "closed", pgettext_lazy("pqrsd state", "Closed")
    DESISTED = "desisted", _("Withdrawn (desistimiento)")
    VOID = "void", _("Void radicado")


#: States whose clock runs (the queue and the alerts watch them).
RUNNING_STATES = (RequestState.FILED,)


class Request(models.Model):
    """A filed PQRSD request: radicado, type, citizen, office and its legal dates."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
        db_index=False,  # every index below starts with it
    )
    radicado = models.CharField(_("radicado"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    consecutive = models.PositiveIntegerField(_("consecutive"))
    type = models.ForeignKey(
        RequestType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type")
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible office"),
    )
    intake = models.CharField(
        _("received through"), max_length=12, choices=Intake.choices, default=Intake.NETWORK
    )
    channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("channel"),
    )
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pqrsd_requests",
        verbose_name=_("conversation"),
    )
    message = models.OneToOneField(
        Message,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pqrsd_request",
        verbose_name=_("message"),
    )
    citizen = models.ForeignKey(
        Citizen,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("citizen"),
    )
    citizen_name = models.CharField(_("citizen's name"), max_length=200, blank=True)
    citizen_email = models.EmailField(_("citizen's e-mail"), blank=True)
    citizen_phone = models.CharField(_("citizen's phone"), max_length=40, blank=True)
    citizen_address = models.CharField(_("citizen's address"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text of the request"))
    received_at = models.DateTimeField(
        _("received"), help_text=_("The network's time of the message.")
    )
    receipt_day = models.DateField(_("counts as received"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    term_days = models.PositiveSmallIntegerField(_("term (business days)"))
    original_due_date = models.DateField(_("original deadline"))
    # Null while the clock is stopped (waiting for the citizen to complete).
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    max_due_date = models.DateField(_("latest possible extension"))
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.FILED
    )
    completion_rule = models.CharField(
        _("rule after completion"), max_length=10, choices=CompletionRule.choices, blank=True
    )
    paused_on = models.DateField(_("clock stopped on"), null=True, blank=True)
    days_used_before_pause = models.PositiveSmallIntegerField(
        _("business days used before the stop"), default=0
    )
    citizen_due_date = models.DateField(_("citizen must complete by"), null=True, blank=True)
    citizen_extended = models.BooleanField(_("citizen's month extended"), default=False)
    extended = models.BooleanField(_("extended"), default=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The answer refused what was asked (for information: access denied, Decreto 1081 de
    # 2015 art. 2.1.1.6.2 counts these); set by the answer step.
    denied = models.BooleanField(_("answer denied the request"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=200, blank=True)
    void_reason = models.TextField(_("reason for voiding"), blank=True)
    tracking_code_hash = models.CharField(_("tracking code (hashed)"), max_length=128)
    # The deadline alert last e-mailed: 0 none, 1 due soon, 2 urgent, 3 overdue. Each level
    # is claimed once by a conditional UPDATE; extensions and completions reset it.
    alert_level = models.PositiveSmallIntegerField(_("deadline alert sent"), default=0)

    class Meta:
        verbose_name = _("PQRSD request")
        verbose_name_plural = _("PQRSD requests")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "consecutive"], name="pqrsd_consecutive"
            ),
            models.UniqueConstraint(fields=["organization", "radicado"], name="pqrsd_radicado"),
        ]
        indexes = [
            # The queue: running requests by deadline (business days left is monotonic in it).
            models.Index(
                fields=["organization", "due_date", "id"],
                condition=Q(state="filed"),
                name="pqrsd_queue_running",
            ),
            # The queue's filters, each keeping the deadline order.
            models.Index(
                fields=["organization", "state", "due_date", "id"], name="pqrsd_req_state"
            ),
            models.Index(fields=["organization", "type", "due_date", "id"], name="pqrsd_req_type"),
            models.Index(
                fields=["organization", "office", "due_date", "id"], name="pqrsd_req_office"
            ),
            models.Index(
                fields=["organization", "intake", "due_date", "id"], name="pqrsd_req_intake"
            ),
            # The public legal reports: an organization's requests by day of receipt.
            models.Index(fields=["organization", "receipt_day"], name="pqrsd_req_receipt"),
        ]

    def __str__(self) -> str:
        return self.radicado


class Step(models.TextChoices):
    FILED = "filed", _("Filed")
    COMPLETION_REQUESTED = "completion_requested", _("Asked the citizen to complete")
    CITIZEN_MORE_TIME = "citizen_more_time", _("Gave the citizen another month")
    COMPLETED = "completed", _("The citizen completed the request")
    DESISTED = "desisted", _("Declared withdrawn (desistimiento)")
    TRANSFERRED = "transferred", _("Transferred to the competent entity")
    EXTENDED = "extended", _("Extended the term")
    ANSWERED = "answered", pgettext_lazy("pqrsd step", "Answered")
    CLOSED = "closed", pgettext_lazy("pqrsd step", "Closed")
    REOPENED = "reopened", _("Reopened")
    VOIDED = "voided", _("Voided the radicado")
    ACKNOWLEDGED = "acknowledged", _("Sent the radicado to the citizen")
    OFFICE = "office", _("Changed the responsible office")


class RequestEvent(models.Model):
    """One step of the workflow: who, when, what, and the text sent (kept for the record)."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="events", verbose_name=_("request")
    )
    step = models.CharField(_("step"), max_length=30, choices=Step.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    text = models.TextField(_("text sent or reason"), blank=True)
    letter = models.TextField(_("forwarding letter"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.step}"
