from django.http import HttpRequest

from dialogo.core.roles import Cap


def membership(request: HttpRequest) -> dict:
    current = getattr(request, "membership", None)
    caps = {cap: current.can(cap) for cap in Cap.values} if current else {}
    pending = None
    if current and current.can(Cap.APPROVE_MODERATION):
        from dialogo.moderation.queries import pending_requests  # context processors load early

        pending = pending_requests(current.organization).count()
    return {
        "pending_moderation": pending,
        "membership": current,
        "organization": getattr(request, "organization", None),
        "caps": caps,
    }
