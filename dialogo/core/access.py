"""The one place that turns a request into an organization membership, or a 404.

Every organization page goes through `member_required`; every query in those views starts
from `request.organization`, so nobody reaches another institution's data.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from dialogo.core.models import Membership, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class UserRequest(HttpRequest):
    """A request behind `login_required` (for type checking: its user is signed in)."""

    user: User


class OrgRequest(UserRequest):
    """The request an organization page receives: `member_required` sets these (for type
    checking; views annotate `request: OrgRequest`)."""

    membership: Membership
    organization: Organization


def membership_for(user, org_slug: str) -> Membership:
    try:
        # The logo's bytes are read only by the logo's own address, not on every page.
        return (
            Membership.objects.select_related("organization", "user")
            .defer("organization__logo")
            .get(user=user, organization__slug=org_slug)
        )
    except Membership.DoesNotExist as exc:
        raise Http404("No such organization") from exc


def member_required(cap: str | None = None) -> Callable:
    """Decorate a view taking `org` (slug): sets request.membership / request.organization."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args, **kwargs) -> HttpResponse:
            membership = membership_for(request.user, org)
            if cap is not None and not membership.can(cap):
                raise PermissionDenied
            request.membership = membership  # type: ignore[attr-defined]
            request.organization = membership.organization  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        # Read by the every-view × every-role test: what a member needs to pass the gate.
        wrapper.required_cap = cap  # type: ignore[attr-defined]
        return wrapper

    return decorator
