from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from schedules.roster.access import roster_opds_for
from wfa_portal.isoweek import format_week

from .access import agencies_for_oversight, get_actor
from .forms import LoginForm, ThrottledPasswordChangeForm
from .models import Employee, User
from .next_steps import next_steps


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    form_class = ThrottledPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_GET
@login_required
def home(request):
    """One page per role: what this login should do next."""
    actor = get_actor(request.user)
    opds = []
    if actor.roster_unit_ids:
        opds = list(roster_opds_for(request.user).select_related("agency"))
        headcount = Employee.objects.headcount_by_opd([opd.pk for opd in opds])
        for opd in opds:
            opd.staff_count = headcount.get(opd.pk, 0)
    agencies = []
    if actor.oversight_agency_ids or actor.is_superuser:
        agencies = agencies_for_oversight(request.user).annotate(
            opd_count=Count("units", filter=Q(units__parent__isnull=True)),
        )
    context = {
        "opds": opds,
        "agencies": agencies,
        "steps": next_steps(request.user),
        "this_week": format_week(timezone.localdate()),
    }
    return render(request, "organizations/home.html", context)


def choose_language(request):
    """Django's ``set_language``; for a login the choice is also kept, so the notices the
    person receives later (written when something happens, not when they read) speak it."""
    response = set_language(request)
    language = request.POST.get("language")
    user = request.user
    chosen = request.method == "POST" and language in {"id", "en"}
    if chosen and user.is_authenticated and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
    return response


def permission_denied(request, exception=None):
    # The reason, when the code refusing gave one (words written for the user).
    reason = str(exception) if exception is not None else ""
    return render(request, "403.html", {"exception": reason}, status=403)


def page_not_found(request, exception=None):
    if request.path_info.startswith("/api/"):
        # An address the API does not have (an id or week no converter accepts): JSON too.
        return JsonResponse({"detail": _("Tidak ditemukan.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors and no database here: this page must render even
    # when whatever broke the request is still broken.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
