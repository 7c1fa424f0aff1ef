"""Monitoring endpoints: the BKPSDM dashboard as data, and attendance checks.

Scopes come from ``monitoring.access``, figures from ``monitoring.dashboard`` and
writes from ``monitoring.services``: nothing is recounted here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from monitoring import services as monitoring_services
from monitoring.access import (
    circular_for_agency,
    opd_for_attendance,
    require_monitoring,
)
from monitoring.dashboard import build_dashboard
from monitoring.models import AttendanceCheck
from organizations.access import agencies_for_oversight, agency_for_oversight

from .views import ScopedObjectMixin, int_param


class WeekStatusSerializer(serializers.Serializer):
    week = serializers.CharField()
    status = serializers.CharField()
    roster = serializers.IntegerField(allow_null=True)


class DayFigureSerializer(serializers.Serializer):
    date = serializers.DateField()
    away = serializers.IntegerField()
    limit = serializers.IntegerField()


class DashboardRowSerializer(serializers.Serializer):
    opd = serializers.IntegerField()
    name = serializers.CharField()
    headcount = serializers.IntegerField()
    cap_percent = serializers.IntegerField()
    exempt_reason = serializers.CharField()
    weeks = WeekStatusSerializer(many=True)
    days = DayFigureSerializer(many=True)
    pending_requests = serializers.IntegerField()
    revocations = serializers.IntegerField()
    violations = serializers.IntegerField()
    outstanding = serializers.BooleanField()


class DashboardSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    circular = serializers.IntegerField()
    days = serializers.ListField(child=serializers.DateField())
    rows = DashboardRowSerializer(many=True)
    headcount = serializers.IntegerField()
    violations = serializers.IntegerField()
    outstanding = serializers.IntegerField()


@extend_schema(tags=["pemantauan"])
class DashboardView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("agency", int, required=True),
            OpenApiParameter("circular", int, required=True),
        ],
        responses={200: DashboardSerializer},
    )
    def get(self, request):
        """Per OPD: headcount, cap, week statuses and away against the limit per day."""
        require_monitoring(request.user)
        agency_id, circular_id = int_param(request, "agency"), int_param(request, "circular")
        if agency_id is None or circular_id is None:
            raise ValidationError({"agency": [_("Wajib diisi.")], "circular": [_("Wajib diisi.")]})
        agency = agency_for_oversight(request.user, agency_id)
        board = build_dashboard(agency, circular_for_agency(agency, circular_id))
        rows = [
            {
                "opd": row.opd.pk,
                "name": row.opd.short_name,
                "headcount": row.headcount,
                "cap_percent": row.cap_percent,
                "exempt_reason": row.exempt_reason,
                "weeks": [
                    {"week": w.iso_week, "status": w.status, "roster": w.roster_id}
                    for w in row.weeks
                ],
                "days": [{"date": d.day, "away": d.away, "limit": d.limit} for d in row.days],
                "pending_requests": row.pending_requests,
                "revocations": row.revocations,
                "violations": row.violations,
                "outstanding": row.outstanding,
            }
            for row in board.all_rows
        ]
        data = {
            "agency": agency.pk,
            "circular": board.circular.pk,
            "days": board.days,
            "rows": rows,
            "headcount": board.totals.headcount,
            "violations": board.totals.violations,
            "outstanding": board.totals.outstanding,
        }
        return Response(DashboardSerializer(data).data)


class AttendanceCheckSerializer(serializers.ModelSerializer):
    present = serializers.IntegerField(read_only=True)
    absent = serializers.IntegerField(read_only=True)

    class Meta:
        model = AttendanceCheck
        fields = ["id", "unit", "day", "checked_by", "source", "note", "created_at"]
        fields += ["present", "absent"]
        read_only_fields = fields


class NewAttendanceCheckSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text=_("Id OPD."))
    day = serializers.DateField()
    absent = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


@extend_schema(
    tags=["pemantauan"],
    parameters=[OpenApiParameter("agency", int), OpenApiParameter("unit", int)],
)
class AttendanceCheckViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Attendance checks of the agencies the caller watches (BKPSDM admins, inspectors)."""

    serializer_class = AttendanceCheckSerializer
    queryset = AttendanceCheck.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        require_monitoring(self.request.user)
        checks = (
            AttendanceCheck.objects.filter(
                unit__agency__in=agencies_for_oversight(self.request.user)
            )
            .annotate(
                present=Count("entries", filter=Q(entries__present=True)),
                absent=Count("entries", filter=Q(entries__present=False)),
            )
            .order_by("-day", "pk")
        )
        if self.action == "list":
            agency = int_param(self.request, "agency")
            if agency is not None:
                checks = checks.filter(unit__agency_id=agency)
            unit = int_param(self.request, "unit")
            if unit is not None:
                checks = checks.filter(unit_id=unit)
        return checks

    @extend_schema(request=NewAttendanceCheckSerializer, responses={201: AttendanceCheckSerializer})
    def create(self, request):
        """Record who was found at an OPD's office on a day: everyone present unless absent."""
        require_monitoring(request.user)
        body = NewAttendanceCheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        opd = opd_for_attendance(request.user, data["unit"])
        try:
            check = monitoring_services.record_attendance(
                opd=opd,
                day=data["day"],
                actor=request.user,
                absent_ids=set(data["absent"]),
                note=data["note"],
            )
        except DjangoValidationError as exc:
            # The only refusal: an absent id that is not on the OPD's staff.
            return Response({"absent": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        fresh = self.get_queryset().get(pk=check.pk)
        return Response(AttendanceCheckSerializer(fresh).data, status=status.HTTP_201_CREATED)
