"""Check-ins and daily reports over the API: the employee's own (a report's targets and
files too), the head's day, the direct superior's day of their direct reports, the
agency's lists for BKPSDM and the inspectorate.

An adapter, as the pages are: scopes come from ``attendance.access`` and
``organizations.access``, reads from ``attendance.selectors``, writes from
``attendance.services`` (the same check-in with the same findings, the same report day
rule ``check_report_day``, the same ``save_report`` with its targets and its checks of
files, the same verification by the head or the superior). Bad input is a 400 with the words of
the field, and nothing is saved.
"""

from __future__ import annotations

import math
from datetime import date
from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from attendance import access, selectors, services
from attendance.attachments import download_response
from attendance.findings import opd_filter
from attendance.forms import ACCURACY_WORDS, LAT_WORDS, LNG_WORDS
from attendance.models import (
    NOTE_MAX_LENGTH,
    REPORT_MAX_LENGTH,
    CheckIn,
    DailyReport,
    ReportAttachment,
)
from attendance.models import DayVerification as Verification
from organizations.access import agency_for_oversight, opd_for_head

from .pagination import Pagination
from .serializers import django_errors
from .views import bool_param, date_param, int_param

# Days the API reads and writes: wide enough for any record, narrow enough that no
# calendar arithmetic (the day before, the week of) runs off the calendar.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
BIGINT = 2**63 - 1
TARGET_WORDS = gettext_lazy("Pilih target dari rencana kerja Anda yang berlaku pada hari itu.")


def _range_words() -> str:
    return _("Tanggal harus antara %(first)s dan %(last)s.") % {
        "first": FIRST_DAY.isoformat(),
        "last": LAST_DAY.isoformat(),
    }


def the_day(request, name: str = "date") -> date:
    """A day from the query (default: today), refused with words outside the calendar."""
    day = date_param(request, name) or timezone.localdate()
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError({name: [_range_words()]})
    return day


def day_field() -> serializers.DateField:
    """A day in the body: its format and the calendar's bounds refused with words."""
    return serializers.DateField(
        error_messages={
            "invalid": gettext_lazy("Tanggal harus berformat YYYY-MM-DD."),
            "required": gettext_lazy("Wajib diisi."),
            "null": gettext_lazy("Wajib diisi."),
        },
        validators=[
            MinValueValidator(FIRST_DAY, message=gettext_lazy("Tanggal terlalu jauh ke belakang.")),
            MaxValueValidator(LAST_DAY, message=gettext_lazy("Tanggal terlalu jauh ke depan.")),
        ],
        help_text=f"YYYY-MM-DD, {FIRST_DAY}..{LAST_DAY}",
    )


@extend_schema_field({"type": "number"})
class Number(serializers.FloatField):
    """A decimal number (JSON has no "double"; the schema says only "number")."""


def _finite(value: float | None, words) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValidationError(words)
    return value


# --- what a check-in looks like ------------------------------------------------------------


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable code of policy.attendance.Finding.")
    words = serializers.CharField(help_text="The finding in the request's language.")
    suspicious = serializers.BooleanField()


def _findings(codes: list[str]) -> list[dict]:
    return [{"code": c, "words": w, "suspicious": s} for c, w, s in selectors.finding_words(codes)]


class CheckInSerializer(serializers.ModelSerializer):
    lat = Number(allow_null=True, read_only=True)
    lng = Number(allow_null=True, read_only=True)
    accuracy_m = Number(allow_null=True, read_only=True)
    findings = serializers.SerializerMethodField()

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "employee",
            "day",
            "at",
            "lat",
            "lng",
            "accuracy_m",
            "device",
            "source",
            "findings",
            "suspicious",
        ]
        read_only_fields = fields

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, row: CheckIn) -> list[dict]:
        return _findings(row.findings)


class NewCheckInSerializer(serializers.Serializer):
    """The location is optional (sent when the employee agreed to share it): both
    coordinates or neither; the accuracy only with them."""

    lat = Number(
        required=False, allow_null=True, default=None, min_value=-90, max_value=90,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), LAT_WORDS),
    )  # fmt: skip
    lng = Number(
        required=False, allow_null=True, default=None, min_value=-180, max_value=180,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), LNG_WORDS),
    )  # fmt: skip
    accuracy = Number(
        required=False, allow_null=True, default=None, min_value=0,
        help_text="Meters, as the browser reports it.",
        error_messages=dict.fromkeys(("invalid", "min_value"), ACCURACY_WORDS),
    )  # fmt: skip

    def validate_lat(self, value):
        return _finite(value, LAT_WORDS)

    def validate_lng(self, value):
        return _finite(value, LNG_WORDS)

    def validate_accuracy(self, value):
        return _finite(value, ACCURACY_WORDS)

    def validate(self, attrs):
        if (attrs["lat"] is None) != (attrs["lng"] is None):
            raise ValidationError(
                {
                    "lng" if attrs["lng"] is None else "lat": [
                        _("Lokasi tidak lengkap: lintang dan bujur harus berpasangan.")
                    ]
                }
            )
        if attrs["accuracy"] is not None and attrs["lat"] is None:
            raise ValidationError(
                {"accuracy": [_("Akurasi hanya dikirim bersama lintang dan bujur.")]}
            )
        return attrs


@extend_schema(tags=["saya"])
class MyCheckInViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own check-ins, newest first (an employee only), and checking in now
    with the same findings as the portal's check-in (late, early, outside the place's
    radius, suspicious); nothing refuses a check-in but a broken location."""

    serializer_class = CheckInSerializer
    queryset = CheckIn.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        rows = access.my_check_ins(self.request.user)
        start, end = self._between()
        if start:
            rows = rows.filter(day__gte=start)
        if end:
            rows = rows.filter(day__lte=end)
        return rows.order_by("-at", "-pk")

    def _between(self) -> tuple[date | None, date | None]:
        start = the_day(self.request, "from") if self.request.query_params.get("from") else None
        end = the_day(self.request, "to") if self.request.query_params.get("to") else None
        if start and end and start > end:
            raise ValidationError({"to": [_("Tanggal akhir harus sama atau setelah awal.")]})
        return start, end

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, description="YYYY-MM-DD: from this day"),
            OpenApiParameter("to", str, description="YYYY-MM-DD: up to this day"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=NewCheckInSerializer, responses={201: CheckInSerializer})
    def create(self, request):
        employee = access.me(request.user)
        body = NewCheckInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        row = services.check_in(
            employee=employee,
            lat=values["lat"],
            lng=values["lng"],
            accuracy_m=values["accuracy"],
            device=request.headers.get("User-Agent", "")[:100],
        )
        return Response(CheckInSerializer(row).data, status=status.HTTP_201_CREATED)


# --- daily reports ---------------------------------------------------------------------------


class AttachmentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = ["id", "name", "kind", "size", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, row: ReportAttachment) -> str:
        """The access-checked path of the file (whoever may read the report)."""
        return reverse("api:attendance_attachment", kwargs={"attachment_id": row.pk})


class DailyReportSerializer(serializers.ModelSerializer):
    targets = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = DailyReport
        fields = [
            "id",
            "employee",
            "day",
            "text",
            "targets",
            "attachments",
            "head_comment",
            "commented_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_targets(self, row: DailyReport) -> list[int]:
        """The ids of the work plan's targets the report speaks of."""
        return [t.pk for t in row.targets.all()]


class NewReportSerializer(serializers.Serializer):
    day = day_field()
    text = serializers.CharField(
        max_length=REPORT_MAX_LENGTH,
        error_messages={
            "blank": gettext_lazy("Tulis apa yang Anda kerjakan."),
            "required": gettext_lazy("Tulis apa yang Anda kerjakan."),
            "max_length": gettext_lazy("Laporan kerja paling banyak 2000 karakter."),
        },
    )
    targets = serializers.ListField(
        child=serializers.IntegerField(
            min_value=1, error_messages=dict.fromkeys(("invalid", "min_value"), TARGET_WORDS)
        ),
        required=False,
        max_length=100,
        help_text="Ids of the targets of the work plan standing on the day "
        "(omitted: those linked stay; []: none).",
    )

    def validate_targets(self, ids: list[int]) -> list[int]:
        if ids and max(ids) > BIGINT:  # past any row id: a database error otherwise
            raise ValidationError(TARGET_WORDS)
        return ids


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A PDF, PNG or JPEG of at most 5 MB (five per report).",
        error_messages={
            "required": gettext_lazy("Pilih berkas yang akan dilampirkan."),
            "invalid": gettext_lazy("Pilih berkas yang akan dilampirkan."),
            "empty": gettext_lazy("Pilih berkas yang akan dilampirkan."),
        },
        allow_empty_file=True,  # an empty file: the service names it
    )


def _save_errors(exc: DjangoValidationError, field: str) -> dict:
    """The service's words keyed as the API's fields: the day's rule speaks of ``field``."""
    errors = django_errors(exc)
    if "non_field_errors" in errors:
        errors[field] = errors.pop("non_field_errors")
    return errors


def _my_report(report: DailyReport) -> dict:
    fresh = selectors.reports_with_details(DailyReport.objects.filter(pk=report.pk)).get()
    return DailyReportSerializer(fresh).data


@extend_schema(tags=["saya"])
class MyDailyReportViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own daily reports, newest day first, with their targets and files;
    writing (or rewriting) the report of a day away, today or at most seven days back,
    and attaching files to it, with the same checks as the portal's page."""

    serializer_class = DailyReportSerializer
    queryset = DailyReport.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        rows = access.my_reports(self.request.user).order_by("-day", "-pk")
        return selectors.reports_with_details(rows)

    @extend_schema(
        request=NewReportSerializer,
        responses={200: DailyReportSerializer, 201: DailyReportSerializer},
        description="201 when the day's report is new, 200 when it replaces the text.",
    )
    def create(self, request):
        employee = access.me(request.user)
        body = NewReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        day, text = values["day"], values["text"]
        existed = DailyReport.objects.filter(employee=employee, day=day).exists()
        try:
            with transaction.atomic():
                services.check_report_day(employee=employee, day=day)
                report = services.save_report(
                    employee=employee, day=day, text=text, target_ids=values.get("targets")
                )
        except DjangoValidationError as exc:
            return Response(_save_errors(exc, "day"), status=status.HTTP_400_BAD_REQUEST)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(_my_report(report), status=code)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: AttachmentSerializer(many=True)},
        description="The report's files.",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: DailyReportSerializer},
        description="Attach a file to one's own report (of a day still open for writing).",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser],
        serializer_class=AttachmentSerializer,
        pagination_class=None,
    )
    def attachments(self, request, pk=None):
        report = self.get_object()
        if request.method == "GET":
            return Response(AttachmentSerializer(report.attachments.all(), many=True).data)
        body = AttachmentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                services.check_report_day(employee=report.employee, day=report.day)
                services.save_report(
                    employee=report.employee,
                    day=report.day,
                    text=report.text,
                    attachments=[body.validated_data["file"]],
                )
        except DjangoValidationError as exc:
            errors = _save_errors(exc, "file")
            if "attachments" in errors:
                errors["file"] = errors.pop("attachments")
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        return Response(_my_report(report), status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["presensi"],
    responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
)
class AttachmentDownloadView(APIView):
    """A daily report's file, for whoever may read the employee's evidence (themself,
    their OPD's head or operator, BKPSDM and the inspectorate) or is their direct
    superior; 404 for anyone else."""

    def get(self, request, attachment_id: int):
        return download_response(access.attachment_for_download(request.user, attachment_id))


# --- the head's day --------------------------------------------------------------------------


class BriefCheckInSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    lat = Number(allow_null=True)
    lng = Number(allow_null=True)
    accuracy_m = Number(allow_null=True)
    source = serializers.CharField()
    suspicious = serializers.BooleanField()


class VerificationSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Verification.Status.choices)
    note = serializers.CharField(allow_blank=True)
    decided_at = serializers.DateTimeField()


class BriefTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    target = serializers.CharField()
    evidence_of_done = serializers.CharField()


class BriefReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    head_comment = serializers.CharField(allow_blank=True)
    targets = BriefTargetSerializer(many=True)
    attachments = serializers.IntegerField(help_text="How many files the report has.")


class StaffDaySerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    nip = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    mode = serializers.CharField()
    away = serializers.BooleanField()
    check_ins = BriefCheckInSerializer(many=True)
    findings = FindingSerializer(many=True)
    suspicious = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())
    report = BriefReportSerializer(allow_null=True)
    verification = VerificationSerializer(allow_null=True)


class StaffDaysSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    date = serializers.DateField()
    duty_times = serializers.ListField(child=serializers.CharField())
    away = serializers.IntegerField(help_text="Staff away (WFA/WFH) on the day.")
    reported = serializers.IntegerField(help_text="Of them, how many wrote the day's report.")
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = StaffDaySerializer(many=True)


def _staff_day(row: selectors.StaffDay) -> dict:
    verdict, report = row.verification, row.report
    return {
        "employee": row.staff.pk,
        "nip": row.staff.nip,
        "name": row.staff.name,
        "unit": row.staff.unit_name,
        "mode": row.mode.value,
        "away": row.away,
        "check_ins": [
            {
                "id": c.pk,
                "at": c.at,
                "lat": c.lat,
                "lng": c.lng,
                "accuracy_m": c.accuracy_m,
                "source": c.source,
                "suspicious": c.suspicious,
            }
            for c in row.check_ins
        ],
        "findings": [{"code": c, "words": w, "suspicious": s} for c, w, s in row.findings],
        "suspicious": row.suspicious,
        "missing": row.missing,
        "report": report and _brief_report(report),
        "verification": verdict
        and {"status": verdict.status, "note": verdict.note, "decided_at": verdict.decided_at},
    }


def _brief_report(report: DailyReport) -> dict:
    """The report as the head and the superior read it (targets and files prefetched)."""
    return {
        "id": report.pk,
        "text": report.text,
        "head_comment": report.head_comment,
        "targets": [
            {"id": t.pk, "target": t.target, "evidence_of_done": t.evidence_of_done}
            for t in report.targets.all()
        ],
        "attachments": len(report.attachments.all()),
    }


class DecideSerializer(serializers.Serializer):
    date = day_field()
    employees = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=5000,
        error_messages={"empty": gettext_lazy("Pilih sedikitnya satu pegawai.")},
    )
    status = serializers.ChoiceField(
        choices=Verification.Status.choices,
        error_messages={"invalid_choice": gettext_lazy("Status harus 'verified' atau 'disputed'.")},
    )
    note = serializers.CharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True)

    def validate_employees(self, ids: list[int]) -> list[int]:
        if max(ids) > BIGINT:  # past any row id: a database error otherwise
            raise ValidationError(_("Pegawai yang dipilih bukan staf OPD ini."))
        return ids


class DecidedSerializer(serializers.Serializer):
    decided = serializers.IntegerField()
    status = serializers.CharField()


@extend_schema(tags=["presensi"])
class StaffDaysView(APIView):
    """The head's screen as data: every active staff member of the OPD on a day, with
    their mode, check-ins and findings, report and verification (paged; the same
    number of queries whatever the staff)."""

    @extend_schema(
        parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD (default: today)")],
        responses={200: StaffDaysSerializer},
    )
    def get(self, request, unit_id: int):
        opd = opd_for_head(request.user, unit_id)
        day = the_day(request)
        duty, rows = selectors.staff_days(opd, day)
        return Response(
            {
                "unit": opd.pk,
                "date": day,
                "duty_times": list(duty.times) if duty else [],
                **_days_page(self, request, rows),
            }
        )


@extend_schema(tags=["presensi"])
class DecideView(APIView):
    """The head verifies the day of some of their staff, or disputes it with a note."""

    @extend_schema(request=DecideSerializer, responses={200: DecidedSerializer})
    def post(self, request, unit_id: int):
        opd = opd_for_head(request.user, unit_id)
        return _decided(request, DecideSerializer, partial(services.decide_days, opd=opd))


def _decided(request, serializer: type[DecideSerializer], decide) -> Response:
    """The verdict of the body's employees on its day through ``decide`` (the head's
    or the direct superior's service, already bound to the scope): its count, or the
    service's refusal as 400 with nothing saved."""
    body = serializer(data=request.data)
    body.is_valid(raise_exception=True)
    values = body.validated_data
    try:
        n = decide(
            day=values["date"],
            actor=request.user,
            employee_ids=values["employees"],
            status=values["status"],
            note=values.get("note", ""),
        )
    except DjangoValidationError as exc:
        return Response(django_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    return Response({"decided": n, "status": values["status"]})


# --- the direct superior's screen ------------------------------------------------------------


class TeamDaysSerializer(serializers.Serializer):
    date = serializers.DateField()
    away = serializers.IntegerField(help_text="Direct reports away (WFA/WFH) on the day.")
    reported = serializers.IntegerField(help_text="Of them, how many wrote the day's report.")
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = StaffDaySerializer(many=True)


class TeamDecideSerializer(DecideSerializer):
    def validate_employees(self, ids: list[int]) -> list[int]:
        if max(ids) > BIGINT:
            raise ValidationError(_("Pilih pegawai yang atasan langsungnya Anda."))
        return ids


def _days_page(view: APIView, request, rows: list[selectors.StaffDay]) -> dict:
    """One page of the rows, with the day's counts of those away and of their reports."""
    pager = Pagination()
    page = pager.paginate_queryset(rows, request, view=view)
    results = StaffDaySerializer([_staff_day(r) for r in page], many=True).data
    return {
        "away": sum(1 for r in rows if r.away),
        "reported": sum(1 for r in rows if r.away and r.report),
        **pager.get_paginated_response(results).data,
    }


@extend_schema(tags=["saya"])
class TeamDaysView(APIView):
    """The direct superior's screen as data: each active direct report's day, with their
    mode, check-ins and findings, report (its targets, how many files) and verification
    (paged; the same number of queries whatever the team). 404 for a login with no
    direct reports."""

    @extend_schema(
        parameters=[OpenApiParameter("date", str, description="YYYY-MM-DD (default: today)")],
        responses={200: TeamDaysSerializer},
    )
    def get(self, request):
        team = access.team_of(request.user)
        day = the_day(request)
        rows = selectors.team_days(team, day)
        return Response({"date": day, **_days_page(self, request, rows)})


@extend_schema(tags=["saya"])
class TeamDecideView(APIView):
    """The direct superior verifies the day of some of their direct reports, or disputes
    it with a note (the same verdict the head gives)."""

    @extend_schema(request=TeamDecideSerializer, responses={200: DecidedSerializer})
    def post(self, request):
        team = access.team_of(request.user)
        return _decided(
            request, TeamDecideSerializer, partial(services.decide_team_days, team=team)
        )


# --- the agency's lists (BKPSDM, inspectorate) -----------------------------------------------


class AgencyCheckInSerializer(CheckInSerializer):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")
    unit = serializers.CharField(source="employee.unit.name")
    verification = serializers.SerializerMethodField()

    class Meta(CheckInSerializer.Meta):
        fields = [*CheckInSerializer.Meta.fields, "nip", "name", "unit", "verification"]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ChoiceField(choices=Verification.Status.choices, allow_null=True)
    )
    def get_verification(self, row: CheckIn) -> str | None:
        return self.context["verdicts"].get((row.employee_id, row.day))


class AgencyReportSerializer(DailyReportSerializer):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")
    unit = serializers.CharField(source="employee.unit.name")

    class Meta(DailyReportSerializer.Meta):
        fields = [*DailyReportSerializer.Meta.fields, "nip", "name", "unit"]
        read_only_fields = fields


DAY_AND_UNIT = [
    OpenApiParameter("date", str, description="YYYY-MM-DD (default: today)"),
    OpenApiParameter("unit", int, description="Only this OPD (and its sub-units)."),
]


class _AgencyDayList(ListAPIView):
    """A day's rows of an agency the caller oversees (404 otherwise), optionally of one
    of its OPDs (with its sub-units)."""

    def _rows_of_day(self, of_agency):
        agency = agency_for_oversight(self.request.user, self.kwargs["agency_id"])
        rows = of_agency(agency).filter(day=the_day(self.request))
        unit_id = int_param(self.request, "unit")
        if unit_id is not None:
            opd = access.opd_of_agency(agency, unit_id)
            rows = rows.filter(opd_filter(opd.pk))
        return rows


@extend_schema(tags=["presensi"], parameters=[
    *DAY_AND_UNIT,
    OpenApiParameter("suspicious", bool, description="Only suspicious (true) or not (false)."),
])  # fmt: skip
class AgencyCheckInsView(_AgencyDayList):
    """The agency's check-ins of a day, with their findings and the head's verification
    (BKPSDM and the inspectorate; read only)."""

    serializer_class = AgencyCheckInSerializer
    queryset = CheckIn.objects.none()

    def get_queryset(self):
        rows = self._rows_of_day(access.check_ins_of_agency)
        suspicious = bool_param(self.request, "suspicious")
        if suspicious is not None:
            rows = rows.filter(suspicious=suspicious)
        return rows.select_related("employee__unit").order_by("at", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "verdicts": self._verdicts}

    def list(self, request, *args, **kwargs):
        rows = self.get_queryset()
        page = self.paginate_queryset(rows)
        self._verdicts = _verdicts(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _verdicts(check_ins: list[CheckIn]) -> dict[tuple[int, date], str]:
    """The head's word on each (employee, day) of these check-ins (one query)."""
    if not check_ins:
        return {}
    rows = Verification.objects.filter(
        employee_id__in={c.employee_id for c in check_ins},
        day__in={c.day for c in check_ins},
    ).values_list("employee_id", "day", "status")
    return {(e, d): s for e, d, s in rows}


@extend_schema(tags=["presensi"], parameters=DAY_AND_UNIT)
class AgencyReportsView(_AgencyDayList):
    """The agency's daily reports of a day (BKPSDM and the inspectorate; read only)."""

    serializer_class = AgencyReportSerializer
    queryset = DailyReport.objects.none()

    def get_queryset(self):
        rows = self._rows_of_day(access.reports_of_agency)
        rows = rows.select_related("employee__unit").order_by("employee__name", "pk")
        return selectors.reports_with_details(rows)
