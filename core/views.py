"""Site-wide pages: the home redirect and the profile page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

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
    return render(request, "profile.html", {"user_roles": roles.role_labels(request.user)})
