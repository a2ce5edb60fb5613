"""Login throttling: per account and per address, a lockout that doubles with each failure.

The form refuses to check a password while the account or the address is locked out, so a
guesser gains nothing from trying on; failures are counted by the ``user_login_failed``
receiver (core.signals), and a successful login clears its account's count.
"""

from __future__ import annotations

import datetime as dt
import math

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import ngettext

from dialogo.core import audit, throttle
from dialogo.core.models import Membership


def account_key(username: str) -> str:
    return f"login:user:{username.strip().lower()[:150]}"


def address_key(ip_address: str | None) -> str:
    return f"login:ip:{ip_address or 'unknown'}"


def _limits(limit: int) -> dict:
    return {
        "limit": limit,
        "window": dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS),
        "lockout": dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS),
        "cap": dt.timedelta(seconds=settings.LOGIN_LOCKOUT_MAX_SECONDS),
    }


def count_failure(username: str, ip_address: str | None) -> None:
    """One more failed attempt for this account and this address."""
    throttle.record_failure(account_key(username), **_limits(settings.LOGIN_FAILURE_LIMIT))
    throttle.record_failure(
        address_key(ip_address), **_limits(settings.LOGIN_ADDRESS_FAILURE_LIMIT)
    )


def clear_account(username: str) -> None:
    throttle.clear(account_key(username))


def record_failed_login(username: str, ip_address: str | None, **details) -> None:
    """Audit a failed login in every organization of the account named (when it exists), so
    its administrators see it; an unknown name is recorded without an organization."""
    user = get_user_model().objects.filter(username=username).first()
    orgs = (
        [
            m.organization
            for m in Membership.objects.filter(user=user).select_related("organization")
        ]
        if user is not None
        else []
    )
    for org in orgs or [None]:
        audit.record(
            action=audit.Action.LOGIN_FAILED,
            organization=org,
            target=user,
            details={"username": username, **details},
            ip_address=ip_address,
        )


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing to check any password while a lockout lasts."""

    throttled = False

    def clean(self):
        username = str(self.cleaned_data.get("username") or "")[:150]
        ip = audit.client_ip(self.request) if self.request is not None else None
        wait = throttle.blocked_for([account_key(username), address_key(ip)])
        if wait:
            self.throttled = True
            record_failed_login(username, ip, blocked=True)
            minutes = math.ceil(wait / 60)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        return super().clean()
