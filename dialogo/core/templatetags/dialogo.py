from django import template

register = template.Library()


@register.filter
def person(user, empty: str = "—") -> str:
    """A user's full name, else username, else `empty` (for unassigned, system acts)."""
    if user is None:
        return empty
    return user.get_full_name() or user.get_username()
