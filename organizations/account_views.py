"""BKPSDM pages: the logins of an agency, their roles, new logins for employees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wfa_portal.paging import paginate

from . import accounts
from .access import accounts_of_agencies, agency_for_admin, get_in_scope, roles_of_agencies
from .account_forms import AccountCreateForm, RoleGrantForm
from .models import Agency, User

PAGE_SIZE = 50


def agency_accounts(agency: Agency):
    roles = roles_of_agencies([agency.pk]).select_related("unit").order_by("kind", "pk")
    return (
        accounts_of_agencies([agency.pk])
        .select_related("employee", "employee__unit")
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="agency_roles"))
    )


@login_required
@require_GET
def account_list(request, agency_id):
    agency = agency_for_admin(request.user, agency_id)
    query = request.GET.get("q", "")
    users = accounts.search_accounts(agency_accounts(agency), query).order_by(
        "first_name", "last_name", "pk"
    )
    paged = paginate(request, users, PAGE_SIZE)
    context = {"agency": agency, "page": paged.page, "paged": paged, "query": query}
    return render(request, "organizations/accounts/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request, agency_id):
    agency = agency_for_admin(request.user, agency_id)
    form = AccountCreateForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = accounts.create_account(
                admin=request.user,
                employee=data["employee"],
                username=data["username"],
                email=data["email"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            context = {"agency": agency, "account": user, "password": password}
            response = render(request, "organizations/accounts/created.html", context)
            # The password is shown once: no cache may keep it.
            patch_cache_control(response, no_store=True, private=True)
            return response
    return render(request, "organizations/accounts/create.html", {"agency": agency, "form": form})


def _add_errors(form, error: ValidationError) -> None:
    """A service's field errors onto the form (its ``employee`` is the form's ``nip``)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = "nip" if field == "employee" else field
        form.add_error(field if field in form.fields else None, errors)


def _account(request, agency_id, user_id) -> tuple[Agency, User]:
    agency = agency_for_admin(request.user, agency_id)
    return agency, get_in_scope(agency_accounts(agency), user_id)


@login_required
@require_http_methods(["GET", "POST"])
def account_detail(request, agency_id, user_id):
    agency, account = _account(request, agency_id, user_id)
    form = RoleGrantForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            role = accounts.grant_role(
                admin=request.user,
                user=account,
                kind=form.cleaned_data["kind"],
                unit=form.cleaned_data["unit"],
                agency=agency,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Peran %(role)s diberikan.") % {"role": role})
            return redirect("account_detail", agency_id=agency.pk, user_id=account.pk)
    context = {"agency": agency, "account": account, "form": form}
    return render(request, "organizations/accounts/detail.html", context)


@login_required
@require_POST
def account_role_revoke(request, agency_id, user_id, role_id):
    agency, account = _account(request, agency_id, user_id)
    role = get_in_scope(roles_of_agencies([agency.pk]).filter(user=account), role_id)
    try:
        accounts.revoke_role(admin=request.user, role=role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Peran dicabut."))
    return redirect("account_detail", agency_id=agency.pk, user_id=account.pk)


@login_required
@require_POST
def account_deactivate(request, agency_id, user_id):
    agency, account = _account(request, agency_id, user_id)
    try:
        accounts.deactivate_account(admin=request.user, user=account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Akun %(username)s dinonaktifkan.") % {"username": account})
    return redirect("account_detail", agency_id=agency.pk, user_id=account.pk)
