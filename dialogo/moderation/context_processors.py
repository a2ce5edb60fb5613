"""What every page shows of moderation: the navigation's badge of pending requests."""

from django.http import HttpRequest

from dialogo.core.roles import Cap
from dialogo.moderation.queries import pending_requests


def pending_moderation(request: HttpRequest) -> dict:
    current = getattr(request, "membership", None)
    pending = None
    if current and current.can(Cap.APPROVE_MODERATION):
        pending = pending_requests(current.organization).count()
    return {"pending_moderation": pending}
