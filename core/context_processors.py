from django.utils.functional import SimpleLazyObject

from core import roles


def navigation(request):
    """The navigation section of the current page and what the user's roles allow them to see."""
    match = getattr(request, "resolver_match", None)
    section = match.namespace if match else ""
    user = getattr(request, "user", None)
    has_role = bool(user and user.is_authenticated and roles.has_any_role(user))
    has_work = bool(has_role and (roles.is_pmo(user) or roles.is_pm(user)))
    unread = SimpleLazyObject(lambda: _unread(user)) if user is not None and user.is_authenticated else 0
    return {"nav_section": section, "nav_has_role": has_role, "nav_has_work": has_work, "nav_unread": unread}


def _unread(user) -> int:
    from core.notifications import unread_count

    return unread_count(user)
