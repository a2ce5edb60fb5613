from django import template

register = template.Library()


@register.filter
def person(user, empty: str = "—") -> str:
    """A user's full name, else username, else `empty` (for unassigned, system acts)."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()


@register.filter
def audit_action(code: str) -> str:
    """An audit action's readable name."""
    from dialogo.core.audit import action_label

    return action_label(code)


@register.filter
def audit_details(details: object) -> str:
    """An audit entry's details as ``key: value · key: value`` (not a Python dict)."""
    if not isinstance(details, dict):
        return "" if details is None else str(details)
    return " · ".join(f"{key}: {_detail(details[key])}" for key in _ordered(details))


#: Details read in this order first: PostgreSQL's jsonb keeps keys sorted by length, so
#: "to" would come before "from" there.
_FIRST = ("from", "to")


def _ordered(details: dict) -> list:
    return [k for k in _FIRST if k in details] + [k for k in details if k not in _FIRST]


def _detail(value: object) -> str:
    """One detail value: a change ``[old, new]`` as ``old → new``, a mapping in parts."""
    if isinstance(value, dict):
        return "; ".join(f"{key} {_detail(item)}" for key, item in value.items())
    if isinstance(value, list):
        if len(value) == 2:
            old, new = (str(v) if v not in (None, "") else "—" for v in value)
            return f"{old} → {new}"
        return ", ".join(map(str, value))
    return "—" if value is None else str(value)
