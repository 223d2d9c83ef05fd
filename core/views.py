"""Site-wide pages: the home redirect and the profile page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import roles


@login_required
def home(request):
    """Send each role to where it works."""
    user = request.user
    if roles.is_pmo(user) or roles.is_pm(user):
        return redirect("projects:work")  # the weekly loop's queues
    if roles.is_executive(user):
        return redirect("reporting:dashboard")
    if roles.is_member(user):
        return redirect("projects:list")
    return redirect("profile")


@login_required
def profile(request):
    """The user's account: roles, password, and the API token (when it was issued; revoke or replace it)."""
    from core import tokens

    context = {"user_roles": roles.role_labels(request.user), "token": tokens.token_of(request.user)}
    return render(request, "profile.html", context)


@login_required
@require_POST
def profile_token(request):
    """POST ``action=revoke`` ends the user's API token; ``action=regenerate`` replaces it and shows the new key once."""
    from core import tokens

    action = request.POST.get("action")
    if action == "regenerate":
        token = tokens.regenerate_token(user=request.user)
        context = {"user_roles": roles.role_labels(request.user), "token": token, "new_key": token.key}
        return render(request, "profile.html", context)
    if action == "revoke":
        if tokens.revoke_tokens(user=request.user, reason="revoked on the profile page"):
            messages.success(request, _("Your API token was revoked. Programs using it can no longer sign in."))
        return redirect("profile")
    return HttpResponseBadRequest(_("Unknown action."))


@login_required
def notification_list(request):
    """The user's notifications, newest first (50), each in the user's language; POST marks all read."""
    from core import notifications
    from core.models import Notification

    if request.method == "POST":
        notifications.mark_all_read(user=request.user)
        return redirect("notifications")
    rows = list(Notification.objects.filter(recipient=request.user)[:50])
    items = [{"n": n, "text": notifications.render(n)} for n in rows]
    return render(request, "notifications/list.html", {"items": items})


@login_required
def notification_settings(request):
    """Per kind: in the portal and by e-mail; and the language of the e-mails."""
    from django.conf import settings as conf

    from core import notifications
    from core.models import NotificationSetting

    kinds = list(notifications.KINDS.values())
    saved = {s.kind: s for s in NotificationSetting.objects.filter(user=request.user)}
    if request.method == "POST":
        choices = {k.key: (f"portal-{k.key}" in request.POST, f"email-{k.key}" in request.POST) for k in kinds}
        language = request.POST.get("language", "")
        if language not in {code for code, _name in conf.LANGUAGES}:
            language = ""
        notifications.set_choices(user=request.user, choices=choices, language=language)
        return redirect("notification_settings")
    rows = [
        {
            "kind": k,
            "portal": saved[k.key].in_portal if k.key in saved else True,
            "email": saved[k.key].by_email if k.key in saved else True,
        }
        for k in kinds
    ]
    return render(
        request,
        "notifications/settings.html",
        {"rows": rows, "language": notifications.language_of(request.user), "languages": conf.LANGUAGES},
    )
