"""Employees' endpoints: my schedule, my requests; heads' decisions; revocations.

Scopes come from ``schedules.requests.access`` (the pages' helpers) and every
change from ``schedules.requests.services``: no rule is judged here.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from circulars.models import Circular
from organizations.models import Employee
from schedules.models import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, AwayRequest, Revocation
from schedules.requests import selectors as sel
from schedules.requests import services as svc
from schedules.requests.access import (
    employee_to_sanction,
    employees_to_sanction,
    my_employee,
    my_request,
    my_requests,
    requests_to_decide,
    revocation_for,
    revocation_to_reinstate,
    revocations_for,
)
from schedules.roster.access import opd_for_head_or_admin

from .serializers import ErrorSerializer, RefusalSerializer
from .views import ScopedObjectMixin, date_param, service_error

MAX_RANGE = timedelta(days=92)


class MyDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    mode = serializers.CharField()
    working_day = serializers.BooleanField()
    circular = serializers.IntegerField(allow_null=True)
    pending_request = serializers.IntegerField(allow_null=True)
    approved_request = serializers.IntegerField(allow_null=True)
    can_choose_office = serializers.BooleanField()


class AwayRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwayRequest
        fields = [
            "id",
            "employee",
            "circular",
            "day",
            "mode",
            "note",
            "status",
            "created_at",
            "decided_by",
            "decided_at",
            "reason",
        ]
        read_only_fields = fields


class NewRequestSerializer(serializers.Serializer):
    circular = serializers.IntegerField()
    days = serializers.ListField(child=serializers.DateField(), min_length=1, max_length=31)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=REASON_MAX_LENGTH)


class RevocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Revocation
        fields = [
            "id",
            "employee",
            "circular",
            "reason",
            "revoked_by",
            "revoked_at",
            "reinstated_by",
            "reinstated_at",
            "reinstate_reason",
        ]
        read_only_fields = fields


class NewRevocationSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    circular = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True, max_length=REASON_MAX_LENGTH)


def _employee_only(user) -> Employee:
    return my_employee(user)  # PermissionDenied (403) for a login without an employee record


@extend_schema(tags=["saya"])
class MyScheduleView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
        ],
        responses={200: MyDaySerializer(many=True)},
    )
    def get(self, request):
        """The caller's own days (only weeks the head has submitted show as away)."""
        employee = _employee_only(request.user)
        start = date_param(request, "from", required=True)
        end = date_param(request, "to", required=True)
        if end < start or end - start > MAX_RANGE:
            raise ValidationError({"to": [_("Rentang tanggal paling panjang 92 hari.")]})
        days = sel.my_days(employee, sel.opd_of(employee), start, end)
        data = [
            {
                "date": d.day,
                "mode": str(d.mode),
                "working_day": d.policy.working_day,
                "circular": d.policy.circular_id,
                "pending_request": d.pending.pk if d.pending else None,
                "approved_request": d.approved.pk if d.approved else None,
                "can_choose_office": d.can_choose_office,
            }
            for d in days
        ]
        return Response(MyDaySerializer(data, many=True).data)


@extend_schema(tags=["saya"])
class MyRequestViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's own requests for days away: create (one per day) and withdraw."""

    serializer_class = AwayRequestSerializer
    queryset = AwayRequest.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        return my_requests(self.request.user).order_by("-created_at", "-pk")

    def get_object(self):
        return my_request(self.request.user, self.kwargs["pk"])

    @extend_schema(request=NewRequestSerializer, responses={201: AwayRequestSerializer(many=True)})
    def create(self, request):
        employee = _employee_only(request.user)
        body = NewRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        in_force = {c.pk: c for c in sel.circulars_in_force(sel.opd_of(employee))}
        circular = in_force.get(body.validated_data["circular"])
        if circular is None:
            raise ValidationError({"circular": [_("Pilih surat edaran yang berlaku.")]})
        try:
            created = svc.request_days(
                employee=employee,
                circular=circular,
                days=body.validated_data["days"],
                note=body.validated_data["note"],
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        data = AwayRequestSerializer(created, many=True).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: AwayRequestSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        away_request = self.get_object()
        try:
            row = svc.withdraw_request(
                away_request=away_request, employee=_employee_only(request.user)
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(AwayRequestSerializer(row).data)


@extend_schema(tags=["permohonan"])
class RequestViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Requests waiting for the caller's decision (heads for their staff, BKPSDM for heads)."""

    serializer_class = AwayRequestSerializer

    def get_queryset(self):
        return requests_to_decide(self.request.user)

    @extend_schema(
        request=None,
        responses={200: AwayRequestSerializer, 409: ErrorSerializer, 422: RefusalSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve: the day is written through the roster's rules; 422 when they refuse it."""
        away_request = self.get_object()
        try:
            row = svc.approve_request(away_request=away_request, actor=request.user)
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(AwayRequestSerializer(row).data)

    @extend_schema(request=ReasonSerializer, responses={200: AwayRequestSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        away_request = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            row = svc.reject_request(
                away_request=away_request, actor=request.user, reason=body.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(AwayRequestSerializer(row).data)


@extend_schema(tags=["permohonan"])
class RevocationViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Revoked permissions of the caller's staff (heads) or agency (BKPSDM)."""

    serializer_class = RevocationSerializer

    def get_queryset(self):
        return revocations_for(self.request.user).order_by("-revoked_at", "-pk")

    def get_object(self):
        return revocation_for(self.request.user, self.kwargs["pk"])

    @extend_schema(
        request=NewRevocationSerializer,
        responses={201: RevocationSerializer, 400: OpenApiTypes.OBJECT, 403: ErrorSerializer},
    )
    def create(self, request):
        body = NewRevocationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        employee = employee_to_sanction(
            request.user, employees_to_sanction(request.user), body.validated_data["employee"]
        )
        opd = opd_for_head_or_admin(request.user, employee.unit.opd_id)
        circular = _in_force(opd, body.validated_data["circular"])
        try:
            row = svc.revoke_permission(
                employee=employee,
                circular=circular,
                reason=body.validated_data["reason"],
                actor=request.user,
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(RevocationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReasonSerializer,
        responses={
            200: RevocationSerializer,
            400: OpenApiTypes.OBJECT,
            403: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        revocation = revocation_to_reinstate(request.user, pk)
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            row = svc.reinstate_permission(
                revocation=revocation, reason=body.validated_data["reason"], actor=request.user
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(RevocationSerializer(row).data)


def _in_force(opd, circular_id: int) -> Circular:
    for circular in sel.circulars_in_force(opd):
        if circular.pk == circular_id:
            return circular
    raise ValidationError({"circular": [_("Pilih surat edaran yang berlaku.")]})


class OfficeDaySerializer(serializers.Serializer):
    date = serializers.DateField()


class ReleasedSerializer(serializers.Serializer):
    released = serializers.IntegerField()


@extend_schema(tags=["saya"])
class ChooseOfficeView(APIView):
    @extend_schema(
        request=OfficeDaySerializer,
        responses={200: ReleasedSerializer, 409: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        """Work at the office on a coming day the caller was rostered away (always allowed)."""
        employee = _employee_only(request.user)
        body = OfficeDaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            released = svc.choose_office(
                employee=employee, day=body.validated_data["date"], actor=request.user
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response({"released": released})


class AcknowledgeSerializer(serializers.Serializer):
    circular = serializers.IntegerField()


class AcknowledgementSerializer(serializers.Serializer):
    circular = serializers.IntegerField()
    acknowledged_at = serializers.DateTimeField()


@extend_schema(tags=["saya"])
class AcknowledgeView(APIView):
    @extend_schema(request=AcknowledgeSerializer, responses={200: AcknowledgementSerializer})
    def post(self, request):
        """Confirm the conditions of a circular in force (again: no change)."""
        employee = _employee_only(request.user)
        body = AcknowledgeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        circular = _in_force(sel.opd_of(employee), body.validated_data["circular"])
        row = svc.acknowledge(employee=employee, circular=circular)
        return Response({"circular": row.circular_id, "acknowledged_at": row.acknowledged_at})
