"""The daily figure as an API endpoint (DRF, drf-spectacular), scoped like its page."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.views import int_param
from organizations.access import agency_for_oversight

from .figure import daily_figure


class OpdFigureSerializer(serializers.Serializer):
    opd = serializers.IntegerField()
    name = serializers.CharField()
    headcount = serializers.IntegerField()
    wfo = serializers.IntegerField()
    wfa = serializers.IntegerField()
    wfh = serializers.IntegerField()
    leave = serializers.IntegerField()
    travel = serializers.IntegerField()
    not_reported = serializers.IntegerField()
    checked_in = serializers.IntegerField()
    suspicious = serializers.IntegerField()
    verified = serializers.IntegerField()
    disputed = serializers.IntegerField()


class DailyFigureSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    date = serializers.DateField()
    rows = OpdFigureSerializer(many=True)
    totals = OpdFigureSerializer()


def _day(request) -> date:
    text = request.query_params.get("date")
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            {"date": [_("Tanggal '%(value)s' tidak sah: gunakan YYYY-MM-DD.") % {"value": text}]}
        ) from None


def _row(row) -> dict:
    return {"opd": row.opd_id, "name": row.name, **row.counts()}


@extend_schema(tags=["presensi"])
class DailyFigureView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("agency", int, required=True),
            OpenApiParameter("date", str, description="YYYY-MM-DD (default: today)"),
        ],
        responses={200: DailyFigureSerializer},
    )
    def get(self, request):
        """Per OPD for one day: WFO, WFA, WFH, leave, travel, not reported, check-ins,
        suspicious, verified and disputed (the roster grid's counts)."""
        agency_id = int_param(request, "agency")
        if agency_id is None:
            raise ValidationError({"agency": [_("Wajib diisi.")]})
        agency = agency_for_oversight(request.user, agency_id)
        figure = daily_figure(agency, _day(request))
        data = {
            "agency": agency.pk,
            "date": figure.day,
            "rows": [_row(r) for r in figure.rows],
            "totals": _row(figure.totals),
        }
        return Response(DailyFigureSerializer(data).data)
