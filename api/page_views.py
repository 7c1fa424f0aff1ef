"""The profile page of personal API tokens: create (the key is shown once) and revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from organizations.access import get_in_scope

from .forms import TokenForm
from .models import ApiToken
from .services import issue_token, revoke_token


def _tokens(user):
    return ApiToken.objects.filter(user_id=user.pk)


@require_http_methods(["GET", "POST"])
@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _token, new_key = issue_token(user=request.user, name=form.cleaned_data["name"])
            form = TokenForm()
        else:
            status = 400
    context = {"form": form, "tokens": _tokens(request.user), "new_key": new_key}
    response = render(request, "api/tokens.html", context, status=status)
    if new_key:
        # The key is on this page only: never keep it in a cache.
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def revoke(request, token_id: int):
    token = get_in_scope(_tokens(request.user), token_id)
    revoke_token(token=token)
    messages.success(request, _("Token %(name)s dicabut.") % {"name": token.name})
    return redirect("api_tokens")
