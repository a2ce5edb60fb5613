from django.http import HttpRequest

from dialogo.core.roles import Cap


def membership(request: HttpRequest) -> dict:
    current = getattr(request, "membership", None)
    caps = {cap: current.can(cap) for cap in Cap.values} if current else {}
    return {
        "membership": current,
        "organization": getattr(request, "organization", None),
        "caps": caps,
    }
