"""Login and logout go to the audit log of every organization the user belongs to."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dialogo.core import audit, login
from dialogo.core.models import Membership, Organization


def _record_for_memberships(action: str, user, request, details=None) -> None:
    ip = audit.client_ip(request) if request is not None else None
    orgs: list[Organization | None] = [
        m.organization for m in Membership.objects.filter(user=user).select_related("organization")
    ]
    for org in orgs or [None]:
        audit.record(action=action, organization=org, actor=user, details=details, ip_address=ip)


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    _record_for_memberships(audit.Action.LOGIN, user, request)
    login.clear_account(user.get_username())
    if request is not None and hasattr(request, "session"):
        # The idle clock starts now, so the first pages do not write the session again.
        request.session["last_activity"] = int(time.time())


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        _record_for_memberships(audit.Action.LOGOUT, user, request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    ip = audit.client_ip(request) if request is not None else None
    login.record_failed_login(username, ip)
    if request is not None:  # a web login: count it towards the lockouts
        login.count_failure(username, ip)
