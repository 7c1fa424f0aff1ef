"""Logins of an agency and their roles, for its BKPSDM admins (others: 403).

Logins, roles, units and employees are looked up within the admin's agencies,
so an id from elsewhere answers 404 (in the path) or a field error (in the body).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from organizations import accounts
from organizations.access import (
    accounts_for_admin,
    agencies_for_admin,
    employees_for_admin,
    get_in_scope,
    roles_for_admin,
)
from organizations.models import Unit
from organizations.nip import normalize_nip

from .account_serializers import (
    AccountCreateSerializer,
    AccountRoleSerializer,
    AccountSerializer,
    NewAccountSerializer,
    RoleGrantSerializer,
)
from .permissions import IsAgencyAdmin
from .serializers import ErrorSerializer
from .views import ScopedObjectMixin, service_error


@extend_schema(tags=["akun"], parameters=[OpenApiParameter("q", str)])
class AccountViewSet(ScopedObjectMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Logins of the caller's agencies with their roles there. A new login's initial
    password is in the creation answer only."""

    serializer_class = AccountSerializer
    permission_classes = [IsAgencyAdmin]

    def get_queryset(self):
        user = self.request.user
        roles = roles_for_admin(user).order_by("kind", "pk")
        users = (
            accounts_for_admin(user)
            .select_related("employee")
            .prefetch_related(Prefetch("roles", queryset=roles, to_attr="scoped_roles"))
            .order_by("username", "pk")
        )
        if self.action == "list":
            users = accounts.search_accounts(users, self.request.query_params.get("q", ""))
        return users

    @extend_schema(
        request=AccountCreateSerializer,
        responses={201: NewAccountSerializer, 400: OpenApiTypes.OBJECT},
    )
    def create(self, request, *args, **kwargs):
        body = AccountCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        employee = self._employee(data)
        if employee is None:
            return Response(
                {"employee": [str(accounts.NO_EMPLOYEE)]}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            user, password = accounts.create_account(
                admin=request.user,
                employee=employee,
                username=data.get("username", ""),
                email=data.get("email", ""),
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        user = self.get_queryset().get(pk=user.pk)
        user.initial_password = password
        return Response(NewAccountSerializer(user).data, status=status.HTTP_201_CREATED)

    def _employee(self, data: dict):
        employees = employees_for_admin(self.request.user)
        if "employee" in data:
            return employees.filter(pk=data["employee"]).first()
        return employees.filter(nip=normalize_nip(data["nip"])).first()

    @extend_schema(
        request=RoleGrantSerializer,
        responses={201: AccountRoleSerializer, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def roles(self, request, pk=None):
        """Grant a role (idempotent: granting a held role answers the same role)."""
        account = self.get_object()
        body = RoleGrantSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        scope = {}
        if data.get("unit") is not None:
            units = Unit.objects.filter(agency__in=agencies_for_admin(request.user))
            scope["unit"] = units.filter(pk=data["unit"]).first()
            if scope["unit"] is None:
                return _field_error("unit", accounts.NO_UNIT)
        if data.get("agency") is not None:
            scope["agency"] = agencies_for_admin(request.user).filter(pk=data["agency"]).first()
            if scope["agency"] is None:
                return _field_error("agency", accounts.NO_AGENCY)
        try:
            role = accounts.grant_role(admin=request.user, user=account, kind=data["kind"], **scope)
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(AccountRoleSerializer(role).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: AccountSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """Switch the login off; its sessions and tokens stop working."""
        account = self.get_object()
        try:
            accounts.deactivate_account(admin=request.user, user=account)
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(AccountSerializer(self.get_queryset().get(pk=account.pk)).data)


def _field_error(name: str, message) -> Response:
    return Response({name: [str(message)]}, status=status.HTTP_400_BAD_REQUEST)


@extend_schema(tags=["akun"])
class AccountRoleView(APIView):
    """Revoke one role of a login (the agency's last BKPSDM admin stays: 409)."""

    permission_classes = [IsAgencyAdmin]

    @extend_schema(request=None, responses={204: None, 409: ErrorSerializer})
    def delete(self, request, pk, role_id):
        account = get_in_scope(accounts_for_admin(request.user), pk)
        role = get_in_scope(roles_for_admin(request.user).filter(user=account), role_id)
        try:
            accounts.revoke_role(admin=request.user, role=role)
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)
