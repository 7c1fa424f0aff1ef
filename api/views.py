"""REST API views: thin, like the pages.

Every object is looked up through the scoping helper its page uses
(``organizations.access``, ``circulars.access``, ``schedules.roster.access``,
``notifications.access``), so an id outside the caller's scope answers 404
and reveals nothing. Every write goes through the app's services.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from circulars import services as circular_services
from circulars.access import (
    circular_for_admin,
    circular_visible_to,
    circulars_for_admin,
    circulars_visible_to,
)
from circulars.models import Circular, Priority
from notifications import services as notification_services
from notifications.access import notification_for, notifications_for
from organizations import services as organization_services
from organizations.access import (
    agencies_for_admin,
    agencies_for_oversight,
    employee_visible_to,
    employees_for_admin,
    employees_visible_to,
    get_actor,
    get_in_scope,
    unit_visible_to,
    units_visible_to,
)
from organizations.models import Agency, Employee, Role
from organizations.nip import normalize_nip
from schedules.requests.services import AWAY_DAYS_CHOICES, REFUSE, feed_token_for
from schedules.roster.services import RulesRefused
from wfa_portal.converters import parse_day, parse_id

from . import rosters
from .models import ApiToken
from .permissions import AdminWrites
from .serializers import (
    AgencySerializer,
    CircularSerializer,
    EmployeeSerializer,
    ErrorSerializer,
    GoverningSerializer,
    MarkedSerializer,
    MeSerializer,
    NewTokenSerializer,
    NotificationSerializer,
    ObtainTokenSerializer,
    RefusalSerializer,
    RevokeSerializer,
    TokenSerializer,
    UnitSerializer,
    django_errors,
)
from .services import issue_token, revoke_token
from .throttling import AnonThrottle, TokenObtainThrottle


def int_param(request, name: str) -> int | None:
    """An optional id query parameter; garbage is a 400, not a silent "all"."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    number = parse_id(value)
    if number is None:
        raise ValidationError({name: [_("Harus berupa angka (0-9), paling banyak 19 digit.")]})
    return number


def bool_param(request, name: str) -> bool | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    return value.lower() in {"1", "true", "yes", "ya"}


def date_param(request, name: str, *, required: bool = False) -> date | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        if required:
            raise ValidationError({name: [_("Wajib diisi.")]})
        return None
    day = parse_day(value)
    if day is None:
        raise ValidationError({name: [_("Tanggal harus berformat YYYY-MM-DD.")]})
    return day


def service_error(exc: DjangoValidationError) -> Response:
    """A service's refusal, never a 500.

    A rule's refusal (``RulesRefused``: the cap, a revoked permission, ...) is 422
    with the roster endpoints' violation shape: ``detail``, ``code`` and
    ``violations``. Field errors are 400. A state conflict (already published,
    already submitted) is 409 with its message and code.
    """
    if isinstance(exc, RulesRefused):
        return Response(
            {
                "detail": " ".join(exc.messages),
                "code": exc.code,
                "violations": [rosters.violation(v) for v in exc.violations],
            },
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if hasattr(exc, "error_dict"):
        return Response(django_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    return Response(
        {"detail": " ".join(exc.messages), "code": getattr(exc, "code", None) or "invalid"},
        status=status.HTTP_409_CONFLICT,
    )


class ScopedObjectMixin:
    """``get_object`` through ``get_in_scope``: the one lookup the pages use too."""

    def get_object(self):
        obj = get_in_scope(self.get_queryset(), self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, obj)
        return obj


# --- Organisations -----------------------------------------------------------------


@extend_schema(tags=["organisasi"])
class AgencyViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Agencies whose units the caller sees, or which the caller oversees."""

    serializer_class = AgencySerializer

    def get_queryset(self):
        user = self.request.user
        return Agency.objects.filter(
            Q(pk__in=units_visible_to(user).values("agency_id"))
            | Q(pk__in=agencies_for_oversight(user).values("pk"))
        ).order_by("name", "pk")


@extend_schema(
    tags=["organisasi"],
    parameters=[
        OpenApiParameter("agency", int),
        OpenApiParameter("service_category", str),
        OpenApiParameter("parent", int, description=_("Id OPD induk; 0: hanya OPD.")),
    ],
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnitSerializer

    def get_object(self):
        return unit_visible_to(self.request.user, self.kwargs["pk"])

    def get_queryset(self):
        units = units_visible_to(self.request.user).order_by("agency_id", "name", "pk")
        if self.action != "list":
            return units
        agency = int_param(self.request, "agency")
        if agency is not None:
            units = units.filter(agency_id=agency)
        category = self.request.query_params.get("service_category")
        if category:
            units = units.filter(category=category)
        parent = int_param(self.request, "parent")
        if parent == 0:
            units = units.filter(parent__isnull=True)
        elif parent is not None:
            units = units.filter(parent_id=parent)
        return units


AWAY_DAYS = OpenApiParameter(
    "away_days",
    str,
    enum=list(AWAY_DAYS_CHOICES),
    description=_(
        "Jika unit baru membuat OPD tujuan melanggar batas: refuse (bawaan, ditolak 422 "
        "dengan hari-harinya) atau to_office (hari di luar kantor pegawai menjadi WFO)."
    ),
)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("nip", str),
            OpenApiParameter("name", str, description=_("Bagian dari nama.")),
            OpenApiParameter("unit", int),
            OpenApiParameter("active", bool),
        ]
    ),
    update=extend_schema(
        parameters=[AWAY_DAYS],
        responses={200: EmployeeSerializer, 409: ErrorSerializer, 422: RefusalSerializer},
    ),
    partial_update=extend_schema(
        parameters=[AWAY_DAYS],
        responses={200: EmployeeSerializer, 409: ErrorSerializer, 422: RefusalSerializer},
    ),
)
@extend_schema(tags=["organisasi"])
class EmployeeViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Employees the caller may read; BKPSDM admins write those of their agency."""

    serializer_class = EmployeeSerializer
    permission_classes = [AdminWrites]

    def get_object(self):
        user, pk = self.request.user, self.kwargs["pk"]
        if self.action in ("update", "partial_update"):
            employee = get_in_scope(employees_for_admin(user), pk)
        else:
            employee = employee_visible_to(user, pk)
        self.check_object_permissions(self.request, employee)
        return employee

    def perform_create(self, serializer):
        serializer.instance = organization_services.create_employee(
            employee=Employee(**serializer.validated_data)
        )

    def update(self, request, *args, **kwargs):
        """Change the record through ``update_employee``: a new unit moves the employee
        and their coming days through the one writer (422 when the rules refuse)."""
        employee = self.get_object()
        serializer = self.get_serializer(
            employee, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        away_days = request.query_params.get("away_days") or REFUSE
        if away_days not in AWAY_DAYS_CHOICES:
            raise ValidationError({"away_days": [_("Pilih refuse atau to_office.")]})
        try:
            employee = organization_services.update_employee(
                employee=employee,
                changes=serializer.validated_data,
                actor=request.user,
                away_days=away_days,
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(self.get_serializer(employee).data)

    def get_queryset(self):
        user = self.request.user
        if self.action in ("update", "partial_update"):
            return employees_for_admin(user)
        employees = employees_visible_to(user).order_by("name", "pk")
        if self.action != "list":
            return employees
        params = self.request.query_params
        if params.get("nip"):
            employees = employees.filter(nip=normalize_nip(params["nip"]))
        if params.get("name"):
            employees = employees.filter(name__icontains=params["name"])
        unit = int_param(self.request, "unit")
        if unit is not None:
            employees = employees.filter(unit_id=unit)
        active = bool_param(self.request, "active")
        if active is not None:
            employees = employees.filter(active=active)
        return employees


@extend_schema(tags=["organisasi"])
class EmployeeDeactivateView(APIView):
    """An employee who leaves: stops counting and loses their login (BKPSDM admin)."""

    permission_classes = [AdminWrites]

    @extend_schema(request=None, responses={200: EmployeeSerializer})
    def post(self, request, pk):
        employee = get_in_scope(employees_for_admin(request.user), pk)
        organization_services.deactivate_employee(employee=employee)
        employee.refresh_from_db()
        return Response(EmployeeSerializer(employee, context={"request": request}).data)


# --- Circulars ---------------------------------------------------------------------


CIRCULAR_PREFETCH = (
    "windows",
    "exempt_units",
    "addressed_regions",
    "limits",
    Prefetch("priorities", queryset=Priority.objects.prefetch_related("regions")),
)


@extend_schema(
    tags=["surat edaran"],
    parameters=[OpenApiParameter("status", str), OpenApiParameter("agency", int)],
)
class CircularViewSet(
    ScopedObjectMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Circulars: published ones for every login, drafts for their agency's admins."""

    serializer_class = CircularSerializer
    permission_classes = [AdminWrites]
    ADMIN_ACTIONS = ("update", "partial_update", "publish", "revoke", "amend")

    def get_object(self):
        """The pages' helpers: circular_for_admin for changes, circular_visible_to to read."""
        helper = circular_for_admin if self.action in self.ADMIN_ACTIONS else circular_visible_to
        circular = helper(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, circular)
        return circular

    def get_queryset(self):
        user = self.request.user
        if self.action in self.ADMIN_ACTIONS:
            circulars = circulars_for_admin(user)
        else:
            circulars = circulars_visible_to(user)
        circulars = circulars.prefetch_related(*CIRCULAR_PREFETCH).order_by("-created_at", "-pk")
        if self.action == "list":
            if self.request.query_params.get("status"):
                circulars = circulars.filter(status=self.request.query_params["status"])
            agency = int_param(self.request, "agency")
            if agency is not None:
                circulars = circulars.filter(agency_id=agency)
        return circulars

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agency = serializer.validated_data.get("agency") or self._only_agency()
        try:
            circular = circular_services.create_draft(
                user=request.user,
                agency=agency,
                draft=circular_services.draft_over(serializer.validated_data),
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(self._out(circular), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        circular = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = self.get_serializer(circular, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        base = circular if partial else None
        try:
            circular = circular_services.update_draft(
                user=request.user,
                circular=circular,
                draft=circular_services.draft_over(serializer.validated_data, base),
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(self._out(circular))

    @extend_schema(request=None, responses={200: CircularSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._transition(circular_services.publish_circular, self.get_object())

    @extend_schema(request=RevokeSerializer, responses={200: CircularSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        circular = self.get_object()
        body = RevokeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._transition(
            circular_services.revoke_circular, circular, reason=body.validated_data["reason"]
        )

    @extend_schema(request=None, responses={201: CircularSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        return self._transition(circular_services.amend_circular, self.get_object(), created=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True),
            OpenApiParameter("date", OpenApiTypes.DATE, required=True),
        ],
        responses={200: GoverningSerializer},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def governing(self, request):
        """The circular governing a unit on a day and that day's limit of staff away."""
        unit_id = int_param(request, "unit")
        if unit_id is None:
            raise ValidationError({"unit": [_("Wajib diisi.")]})
        day = date_param(request, "date", required=True)
        unit = get_in_scope(
            units_visible_to(request.user).select_related("agency", "parent", "parent__agency"),
            unit_id,
        )
        return Response(GoverningSerializer(rosters.governing(unit, day)).data)

    def _transition(self, service, circular, *, created: bool = False, **kwargs):
        try:
            result = service(user=self.request.user, circular=circular, **kwargs)
        except DjangoValidationError as exc:
            return service_error(exc)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self._out(result), status=code)

    def _out(self, circular: Circular) -> dict:
        fresh = self.get_queryset().model.objects.prefetch_related(*CIRCULAR_PREFETCH)
        return self.get_serializer(fresh.get(pk=circular.pk)).data

    def _only_agency(self) -> Agency:
        agencies = list(agencies_for_admin(self.request.user)[:2])
        if len(agencies) != 1:
            raise ValidationError({"agency": [_("Pilih instansi penerbit.")]})
        return agencies[0]


# --- Me --------------------------------------------------------------------------------


@extend_schema(tags=["saya"])
class MeView(APIView):
    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        user = request.user
        actor = get_actor(user)
        roles = [
            {"kind": kind, "agency": agency, "unit": unit}
            for kind, agency, unit in Role.objects.filter(user=user)
            .order_by("kind", "pk")
            .values_list("kind", "agency_id", "unit_id")
        ]
        employee = actor.employee
        data = {
            "id": user.pk,
            "username": user.get_username(),
            "name": user.get_full_name(),
            "email": user.email,
            "roles": roles,
            "employee": EmployeeSerializer(employee).data if employee else None,
            "calendar_feed_url": _feed_url(request, employee) if employee else None,
        }
        return Response(data)


def _feed_url(request, employee) -> str:
    """The employee's calendar feed address (the token is made on first use, as on the page)."""
    token = feed_token_for(employee)
    return request.build_absolute_uri(reverse("requests:feed", args=[token.token]))


@extend_schema(tags=["saya"], parameters=[OpenApiParameter("unread", bool)])
class NotificationViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications (anyone else's id: 404)."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        notifications = notifications_for(self.request.user)
        if self.action == "list" and bool_param(self.request, "unread"):
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = notification_for(request.user, pk)
        notification_services.mark_read(notification=notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all", pagination_class=None)
    def read_all(self, request):
        count = notification_services.mark_all_read(user=request.user)
        return Response({"marked": count})


# --- Tokens ------------------------------------------------------------------------------


@extend_schema(tags=["token"])
class TokenViewSet(
    ScopedObjectMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The caller's personal API tokens. A new token's key is shown once, in the answer."""

    serializer_class = TokenSerializer
    pagination_class = None

    def get_queryset(self):
        return ApiToken.objects.filter(user_id=self.request.user.pk)

    @extend_schema(request=TokenSerializer, responses={201: NewTokenSerializer})
    def create(self, request, *args, **kwargs):
        body = TokenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        token, key = issue_token(user=request.user, name=body.validated_data["name"])
        token.key = key
        return Response(NewTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        revoke_token(token=instance)


@extend_schema(tags=["token"])
class ObtainTokenView(APIView):
    """A new personal token for a username and password (throttled, and django-axes
    locks the username out after repeated failures)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AnonThrottle, TokenObtainThrottle]

    @extend_schema(
        request=ObtainTokenSerializer,
        responses={201: NewTokenSerializer, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        body = ObtainTokenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if getattr(request._request, "axes_locked_out", False):
            return Response(
                {"detail": _("Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            return Response(
                {"detail": _("Nama pengguna atau kata sandi salah.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, key = issue_token(user=user, name=data["name"])
        token.key = key
        return Response(NewTokenSerializer(token).data, status=status.HTTP_201_CREATED)
