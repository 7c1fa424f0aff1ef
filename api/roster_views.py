"""Roster endpoints: the week as data, replacing cells, submitting, planning.

Heads and operators reach an OPD through ``schedules.roster.access.roster_opd_for``;
BKPSDM admins read the weeks they oversee through ``rosters_for_oversight``.
Every write goes through ``schedules.roster.services``; nothing here judges a rule.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from schedules.roster import services as roster_services
from schedules.roster.access import (
    opd_for_roster_reading,
    roster_opd_for,
    roster_week_for_oversight,
)
from schedules.roster.autofill import propose_week
from wfa_portal import isoweek
from wfa_portal.converters import parse_day

from . import rosters
from .permissions import FillsRosters
from .serializers import (
    CellInSerializer,
    ErrorSerializer,
    PlanInSerializer,
    PlanSerializer,
    RosterSerializer,
    ViolationsSerializer,
)
from .views import int_param, service_error

WEEK = OpenApiParameter(
    "week",
    str,
    OpenApiParameter.PATH,
    description="ISO week, e.g. 2025-W13",
    pattern=rf"^{isoweek.PATTERN}$",
)
UNIT = OpenApiParameter("unit", int, OpenApiParameter.PATH)


def _status(exc: DjangoValidationError) -> Response:
    if getattr(exc, "code", None) in ("not_on_staff", "outside_week"):
        return Response({"detail": " ".join(exc.messages), "code": exc.code}, status=400)
    return service_error(exc)


@extend_schema(tags=["jadwal"])
class RosterView(APIView):
    """The OPD's week as data: days with limits, assignments, violations, status."""

    permission_classes = [FillsRosters]

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True),
            OpenApiParameter("week", str, required=True, description="ISO week, e.g. 2025-W13"),
        ],
        responses={200: RosterSerializer},
    )
    def get(self, request):
        unit_id = int_param(request, "unit")
        if unit_id is None:
            raise ValidationError({"unit": [_("Wajib diisi.")]})
        week_start = rosters.parse_week(request.query_params.get("week"))
        opd = opd_for_roster_reading(request.user, unit_id, week_start)
        check = roster_services.check_week(opd=opd, week_start=week_start)
        return Response(RosterSerializer(rosters.roster_data(check)).data)


@extend_schema(tags=["jadwal"], parameters=[UNIT, WEEK])
class AssignmentsView(APIView):
    permission_classes = [FillsRosters]

    @extend_schema(
        request=CellInSerializer(many=True),
        responses={
            200: RosterSerializer,
            400: OpenApiTypes.OBJECT,
            409: ErrorSerializer,
            422: ViolationsSerializer,
        },
    )
    def put(self, request, unit: int, week: date):
        """Replace the given cells, all or nothing; 422 lists the violations that block it."""
        opd = roster_opd_for(request.user, unit)
        body = CellInSerializer(data=request.data, many=True)
        body.is_valid(raise_exception=True)
        before = roster_services.check_week(opd=opd, week_start=week)
        cells = rosters.resolve_cells(opd, body.validated_data, {e.pk for e in before.employees})
        try:
            result = roster_services.save_week(
                opd=opd, week_start=week, cells=cells, actor=request.user
            )
        except DjangoValidationError as exc:
            return _status(exc)
        if not result.saved:
            violations = [rosters.violation(v) for v in result.errors]
            return Response({"violations": violations}, status=422)
        check = roster_services.check_week(opd=opd, week_start=week)
        return Response(RosterSerializer(rosters.roster_data(check)).data)


@extend_schema(tags=["jadwal"], parameters=[UNIT, WEEK])
class SubmitView(APIView):
    permission_classes = [FillsRosters]

    @extend_schema(
        request=None,
        responses={200: RosterSerializer, 409: ErrorSerializer, 422: ViolationsSerializer},
    )
    def post(self, request, unit: int, week: date):
        """Hand the week to BKPSDM; 422 while the stored week has errors."""
        opd = roster_opd_for(request.user, unit)
        try:
            roster_services.submit_week(opd=opd, week_start=week, actor=request.user)
        except DjangoValidationError as exc:
            if getattr(exc, "code", None) == "has_errors":
                check = roster_services.check_week(opd=opd, week_start=week)
                violations = [rosters.violation(v) for v in check.errors]
                return Response(
                    {"detail": " ".join(exc.messages), "violations": violations}, status=422
                )
            return _status(exc)
        check = roster_services.check_week(opd=opd, week_start=week)
        return Response(RosterSerializer(rosters.roster_data(check)).data)


@extend_schema(tags=["jadwal"], parameters=[UNIT, WEEK])
class PlanView(APIView):
    permission_classes = [FillsRosters]

    @extend_schema(
        request=PlanInSerializer, responses={200: PlanSerializer, 400: OpenApiTypes.OBJECT}
    )
    def post(self, request, unit: int, week: date):
        """The planner's proposal for the week around the stored (and given) cells; not saved."""
        opd = roster_opd_for(request.user, unit)
        body = PlanInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        before = roster_services.check_week(opd=opd, week_start=week)
        staff = {e.pk for e in before.employees}
        cells = rosters.resolve_cells(opd, body.validated_data.get("assignments", []), staff)
        targets = _targets(body.validated_data.get("targets", {}), week)
        try:
            proposal = propose_week(opd=opd, week_start=week, cells=cells, targets=targets)
        except DjangoValidationError as exc:
            return _status(exc)
        except ValueError as exc:
            return Response({"detail": str(exc), "code": "invalid_plan"}, status=400)
        check = proposal.check
        assignments = [
            {**cell, "proposed": (cell["employee"], cell["date"]) in proposal.proposed}
            for cell in rosters.cells_out(check.proposed)
        ]
        data = {
            "unit": opd.pk,
            "week": isoweek.format_week(week),
            "days": rosters.days(check, check.proposed),
            "assignments": assignments,
            "violations": [rosters.violation(v, severity=True) for v in check.violations],
        }
        return Response(PlanSerializer(data).data, status=status.HTTP_200_OK)


def _targets(raw: dict[str, int], week: date) -> dict[date, int]:
    """``{"2025-03-24": 3}`` -> targets on days of this week; any other key is a 400."""
    targets = {}
    days = set(isoweek.week_days(week))
    for key, value in raw.items():
        day = parse_day(key)
        if day is None:
            raise ValidationError(
                {"targets": [_("%(key)s: tanggal harus YYYY-MM-DD.") % {"key": key[:20]}]}
            )
        if day not in days:
            raise ValidationError({"targets": [_("%(key)s: di luar minggu ini.") % {"key": key}]})
        targets[day] = value
    return targets


class DecisionInSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema(tags=["jadwal"], parameters=[UNIT, WEEK])
class ReturnView(APIView):
    @extend_schema(
        request=DecisionInSerializer,
        responses={200: RosterSerializer, 400: OpenApiTypes.OBJECT, 409: ErrorSerializer},
    )
    def post(self, request, unit: int, week: date):
        """BKPSDM sends a submitted week back to the OPD with a comment (required)."""
        return _decide(request, unit, week, roster_services.return_week)


@extend_schema(tags=["jadwal"], parameters=[UNIT, WEEK])
class AcceptView(APIView):
    @extend_schema(request=None, responses={200: RosterSerializer, 409: ErrorSerializer})
    def post(self, request, unit: int, week: date):
        """BKPSDM accepts a submitted week; it can no longer be changed."""
        return _decide(request, unit, week, roster_services.accept_week)


def _decide(request, unit: int, week: date, service) -> Response:
    roster = roster_week_for_oversight(request.user, unit, week)
    body = DecisionInSerializer(data=request.data or {})
    body.is_valid(raise_exception=True)
    extra = (
        {"comment": body.validated_data["comment"]}
        if service is roster_services.return_week
        else {}
    )
    try:
        service(roster=roster, actor=request.user, **extra)
    except DjangoValidationError as exc:
        if getattr(exc, "code", None) == "comment_required":
            return Response({"comment": exc.messages}, status=400)
        return _status(exc)
    check = roster_services.check_week(opd=roster.unit, week_start=week)
    return Response(RosterSerializer(rosters.roster_data(check)).data)
