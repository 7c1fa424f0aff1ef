"""Standing flexible work over the API: the policy, arrangements, applications, recalls.

Scopes come from ``standing.access`` (the pages' helpers) and every change from
``standing.services``: no rule is judged here. Refusals answer as every endpoint
does (``api.views.service_error``): 400 on a field, 409 on a state, 422 on a rule.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from circulars.models import Limit as CircularLimit
from organizations.access import agency_for_admin, get_actor, get_in_scope, opd_for_head
from organizations.models import Employee
from standing import access
from standing import services as svc
from standing.models import (
    Application,
    Arrangement,
    AwayMode,
    Place,
    Recall,
    StandingPolicy,
    WeeklyException,
)

from .serializers import ErrorSerializer, RefusalSerializer
from .views import ScopedObjectMixin, service_error


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "07:30:00"}
)
class Clock(serializers.TimeField):
    """A time of day on the office clock ("07:30:00"; see ``api.serializers.ClockTimeField``)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M:%S", **kwargs)


def weekday() -> serializers.IntegerField:
    """0 Monday .. 4 Friday (a new field each time: a child field is bound to its list)."""
    return serializers.IntegerField(min_value=0, max_value=4)


class StandingLimitSerializer(serializers.Serializer):
    weekdays = serializers.ListField(child=weekday(), required=False, default=list)
    shape = serializers.ChoiceField(choices=CircularLimit.Shape.choices)
    value = serializers.IntegerField(min_value=0, max_value=10000)


class StandingShiftSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    start = Clock()
    end = Clock()
    break_minutes = serializers.IntegerField(min_value=0, max_value=240, default=60)


class StandingPolicySerializer(serializers.ModelSerializer):
    limits = StandingLimitSerializer(many=True, required=False)
    shifts = StandingShiftSerializer(many=True, required=False)
    open_weekdays = serializers.ListField(child=weekday())
    earliest_start = Clock(required=False)
    latest_start = Clock(required=False)
    weekly_minutes = serializers.IntegerField(min_value=60, max_value=3600, required=False)
    ramadan_minutes = serializers.IntegerField(min_value=60, max_value=3600, required=False)

    class Meta:
        model = StandingPolicy
        fields = [
            "id",
            "agency",
            "number",
            "title",
            "status",
            "considerations",
            "legal_bases",
            "signatory_name",
            "signatory_position",
            "issued_on",
            "start",
            "end",
            "weekly_limit",
            "open_weekdays",
            "cap_percent",
            "eligible_job_types",
            "excludes_sanctioned",
            "new_employee_months",
            "earliest_start",
            "latest_start",
            "weekly_minutes",
            "ramadan_minutes",
            "ramadan_start",
            "ramadan_end",
            "published_at",
            "ended_at",
            "end_reason",
            "limits",
            "shifts",
        ]
        read_only_fields = ["status", "published_at", "ended_at", "end_reason"]


class EndPolicySerializer(serializers.Serializer):
    end = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


def _limits(rows) -> list[svc.LimitRow]:
    return [svc.LimitRow(r.get("weekdays", []), r["shape"], r["value"]) for r in rows]


def _shifts(rows) -> list[svc.ShiftRow]:
    return [svc.ShiftRow(r["name"], r["start"], r["end"], r["break_minutes"]) for r in rows]


@extend_schema(tags=["kerja fleksibel"])
class StandingPolicyViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Standing flexible-work policies: published ones for every login, drafts for the
    BKPSDM admins of their agency, who create, publish and end them."""

    serializer_class = StandingPolicySerializer

    def get_queryset(self):
        actor = get_actor(self.request.user)
        rows = StandingPolicy.objects.prefetch_related("limits", "shifts").order_by("-start", "-pk")
        if actor.is_superuser:
            return rows
        return rows.filter(
            Q(status__in=[StandingPolicy.Status.PUBLISHED, StandingPolicy.Status.ENDED])
            | Q(agency_id__in=actor.admin_agency_ids)
        )

    def _admin_policy(self):
        return access.policy_for_admin(self.request.user, self.kwargs["pk"])

    @extend_schema(responses={201: StandingPolicySerializer})
    def create(self, request):
        body = StandingPolicySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        agency = agency_for_admin(request.user, data.pop("agency").pk)
        limits, shifts = data.pop("limits", []), data.pop("shifts", [])
        try:
            policy = svc.save_policy(
                agency=agency,
                actor=request.user,
                data=data,
                limits=_limits(limits),
                shifts=_shifts(shifts),
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(StandingPolicySerializer(policy).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: StandingPolicySerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        try:
            policy = svc.publish_policy(policy=self._admin_policy(), actor=request.user)
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(StandingPolicySerializer(policy).data)

    @extend_schema(request=EndPolicySerializer, responses={200: StandingPolicySerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        policy = self._admin_policy()
        body = EndPolicySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            policy = svc.end_policy(
                policy=policy,
                end=body.validated_data["end"],
                reason=body.validated_data["reason"],
                actor=request.user,
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(StandingPolicySerializer(policy).data)


# --- arrangements ------------------------------------------------------------------------


class ArrangementSerializer(serializers.ModelSerializer):
    weekdays = serializers.ListField(child=weekday(), required=False, default=list)
    start_time = Clock(required=False, allow_null=True)
    start = serializers.DateField(required=False, allow_null=True, help_text="Empty: today.")

    class Meta:
        model = Arrangement
        fields = [
            "id",
            "employee",
            "policy",
            "eligible",
            "ict_doable",
            "little_contact",
            "no_supervision",
            "no_equipment",
            "weekdays",
            "place",
            "place_note",
            "start_time",
            "shift",
            "weekly_exception",
            "start",
            "end",
            "application",
            "note",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = ["policy", "application", "decided_by", "decided_at"]


class CriteriaSerializer(serializers.Serializer):
    ict_doable = serializers.BooleanField(default=False)
    little_contact = serializers.BooleanField(default=False)
    no_supervision = serializers.BooleanField(default=False)
    no_equipment = serializers.BooleanField(default=False)
    start_time = Clock(required=False, allow_null=True, default=None)
    shift = serializers.IntegerField(required=False, allow_null=True, default=None)
    weekly_exception = serializers.ChoiceField(
        choices=WeeklyException.choices, required=False, default=""
    )
    start = serializers.DateField(required=False, allow_null=True, default=None)
    end = serializers.DateField(required=False, allow_null=True, default=None)


def _shift(policy, shift_id):
    if shift_id is None:
        return None
    shift = policy.shifts.filter(pk=shift_id).first() if policy else None
    if shift is None:
        raise ValidationError({"shift": [_("Shift ini bukan shift kebijakan ini.")]})
    return shift


def _arrangement_data(values: dict, policy, **more) -> svc.ArrangementData:
    return svc.ArrangementData(
        ict_doable=values["ict_doable"],
        little_contact=values["little_contact"],
        no_supervision=values["no_supervision"],
        no_equipment=values["no_equipment"],
        start_time=values["start_time"],
        shift=_shift(policy, values["shift"]),
        weekly_exception=values["weekly_exception"] or "",
        start=values["start"],
        end=values["end"],
        **more,
    )


@extend_schema(tags=["kerja fleksibel"])
class ArrangementViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Arrangements the caller may read (their own, their OPD's, their agency's); heads
    and BKPSDM set one for an employee they decide for."""

    serializer_class = ArrangementSerializer

    def get_queryset(self):
        return access.arrangements_visible_to(self.request.user).order_by("-start", "-pk")

    @extend_schema(responses={201: ArrangementSerializer})
    def create(self, request):
        body = ArrangementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        criteria = CriteriaSerializer(data=request.data)
        criteria.is_valid(raise_exception=True)
        values = body.validated_data
        employee = get_in_scope(
            Employee.objects.filter(pk__in=_decidable_employee_ids(request.user)).select_related(
                "unit"
            ),
            values["employee"].pk,
        )
        policy = svc.current_policy(employee.unit.agency_id, values.get("start") or _today())
        if policy is None:
            return Response(
                {
                    "detail": _("Belum ada kebijakan kerja fleksibel yang berlaku."),
                    "code": "policy",
                },
                status=status.HTTP_409_CONFLICT,
            )
        try:
            row = svc.decide_arrangement(
                employee=employee,
                policy=policy,
                actor=request.user,
                data=_arrangement_data(
                    criteria.validated_data,
                    policy,
                    eligible=values.get("eligible", True),
                    weekdays=values["weekdays"],
                    place=values.get("place", Place.HOME),
                    place_note=values.get("place_note", ""),
                    note=values.get("note", ""),
                ),
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(ArrangementSerializer(row).data, status=status.HTTP_201_CREATED)


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _decidable_employee_ids(user):
    """The employees whose arrangement the caller may decide (as the pages do)."""
    actor = get_actor(user)
    rows = Employee.objects.active().exclude(user_id=user.pk).exclude(pk=actor.employee_id or 0)
    if actor.is_superuser:
        return rows.values("pk")
    by_head = Q(unit_id__in=actor.head_unit_ids) | Q(unit__parent_id__in=actor.head_unit_ids)
    return (
        rows.alias(head=access._is_head())
        .filter(Q(unit__agency_id__in=actor.admin_agency_ids) | (by_head & Q(head=False)))
        .values("pk")
    )


# --- applications -------------------------------------------------------------------------


class TargetSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    target = serializers.CharField(max_length=300, allow_blank=True)
    evidence_of_done = serializers.CharField(max_length=300, allow_blank=True)
    result = serializers.CharField(read_only=True)
    result_note = serializers.CharField(read_only=True)
    reported_at = serializers.DateTimeField(read_only=True)
    met = serializers.BooleanField(read_only=True, allow_null=True)
    review_comment = serializers.CharField(read_only=True)
    reviewed_at = serializers.DateTimeField(read_only=True)


class TargetReportSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=2000, help_text="What shows the target is done.")
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class TargetReviewSerializer(serializers.Serializer):
    met = serializers.BooleanField()
    comment = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        allow_blank=True,
        help_text="Required when the target is not met.",
    )


class ApplicationSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True)
    weekdays = serializers.ListField(child=weekday(), required=False, default=list)
    start_time = Clock(required=False, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "employee",
            "policy",
            "kind",
            "day",
            "weekdays",
            "place",
            "place_note",
            "start_time",
            "start",
            "mode",
            "reason",
            "targets",
            "status",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = [
            "employee",
            "policy",
            "status",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


@extend_schema(tags=["saya"])
class MyApplicationViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's own applications for flexible work, with their work plans."""

    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()  # for the schema; get_queryset scopes

    def get_queryset(self):
        return access.my_applications(self.request.user).prefetch_related("targets")

    @extend_schema(responses={201: ApplicationSerializer})
    def create(self, request):
        employee = access.my_employee(request.user)
        body = ApplicationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        policy = svc.current_policy(employee.unit.agency_id, _today())
        if policy is None:
            return Response(
                {
                    "detail": _(
                        "Instansi Anda belum memiliki kebijakan kerja fleksibel yang berlaku."
                    ),
                    "code": "policy",
                },
                status=status.HTTP_409_CONFLICT,
            )
        try:
            row = svc.submit_application(
                employee=employee,
                policy=policy,
                reason=values["reason"],
                targets=[svc.Target(t["target"], t["evidence_of_done"]) for t in values["targets"]],
                kind=values.get("kind", Application.Kind.ARRANGEMENT),
                weekdays=values["weekdays"],
                day=values.get("day"),
                place=values.get("place", Place.HOME),
                place_note=values.get("place_note", ""),
                start_time=values.get("start_time"),
                start=values.get("start"),
                mode=values.get("mode", AwayMode.WFA),
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(ApplicationSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TargetReportSerializer,
        responses={200: TargetSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"targets/(?P<target_id>[0-9]+)/report",
        url_name="report-target",
    )
    def report_target(self, request, pk=None, target_id=None):
        """Report a target's result (what shows it is done) for the head to review."""
        row = access.my_target(request.user, target_id)
        if str(row.application_id) != str(pk):
            raise Http404
        body = TargetReportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            row = svc.report_target(
                target=row,
                employee=access.my_employee(request.user),
                result=body.validated_data["result"],
                note=body.validated_data["note"],
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(TargetSerializer(row).data)

    @extend_schema(request=None, responses={200: ApplicationSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        try:
            row = svc.withdraw_application(
                application=self.get_object(), employee=access.my_employee(request.user)
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(ApplicationSerializer(row).data)


@extend_schema(tags=["kerja fleksibel"])
class ApplicationViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Applications the caller decides: their OPD's staff (heads), their agency's (BKPSDM)."""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return (
            access.applications_for_decider(self.request.user)
            .select_related("employee__unit", "employee__user", "policy")
            .prefetch_related("targets")
        )

    @extend_schema(
        request=CriteriaSerializer,
        responses={200: ApplicationSerializer, 409: ErrorSerializer, 422: RefusalSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        row = self.get_object()
        criteria = CriteriaSerializer(data=request.data)
        criteria.is_valid(raise_exception=True)
        data = _arrangement_data(
            criteria.validated_data, row.policy, eligible=True, weekdays=row.weekdays
        )
        try:
            row = svc.approve_application(application=row, actor=request.user, data=data)
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(ApplicationSerializer(row).data)

    @extend_schema(
        request=TargetReviewSerializer,
        responses={200: TargetSerializer, 400: ErrorSerializer, 409: ErrorSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"targets/(?P<target_id>[0-9]+)/review",
        url_name="review-target",
    )
    def review_target(self, request, pk=None, target_id=None):
        """Say whether a reported target is met (a comment is required when it is not)."""
        row = access.target_for_decider(request.user, target_id)
        if str(row.application_id) != str(pk):
            raise Http404
        body = TargetReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            row = svc.review_target(
                target=row,
                actor=request.user,
                met=body.validated_data["met"],
                comment=body.validated_data["comment"],
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(TargetSerializer(row).data)

    @extend_schema(request=RejectSerializer, responses={200: ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        row = self.get_object()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            row = svc.reject_application(
                application=row, actor=request.user, note=body.validated_data["note"]
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(ApplicationSerializer(row).data)


# --- recalls ------------------------------------------------------------------------------


class RecallSerializer(serializers.ModelSerializer):
    at = Clock(read_only=True)

    class Meta:
        model = Recall
        fields = [
            "id",
            "employee",
            "day",
            "at",
            "reason",
            "recalled_by",
            "created_at",
            "confirmed_at",
            "released",
        ]
        read_only_fields = fields


class NewRecallSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="The OPD the caller heads.")
    employee = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Empty: everyone away that day."
    )
    day = serializers.DateField()
    at = Clock()
    reason = serializers.CharField(max_length=2000)


@extend_schema(tags=["kerja fleksibel"])
class RecallViewSet(ScopedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """Recalls the caller may read: their own, their OPD's, their agency's (BKPSDM). A head
    recalls one employee or everyone away on a day; the employee confirms their own."""

    serializer_class = RecallSerializer

    def get_queryset(self):
        return access.recalls_visible_to(self.request.user).order_by("-day", "-pk")

    @extend_schema(request=NewRecallSerializer, responses={201: RecallSerializer(many=True)})
    def create(self, request):
        body = NewRecallSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        opd = opd_for_head(request.user, values["unit"])
        staff = access.decidable_staff(request.user, opd).select_related("unit", "user")
        if values["employee"] is not None:
            employees = [get_in_scope(staff, values["employee"])]
        else:
            allowed = set(staff.values_list("pk", flat=True))
            employees = [e for e in svc.away_on(opd, values["day"]) if e.pk in allowed]
        try:
            rows = svc.recall(
                employees=employees,
                day=values["day"],
                at=values["at"],
                reason=values["reason"],
                actor=request.user,
            )
        except DjangoValidationError as exc:
            return service_error(exc)
        return Response(RecallSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RecallSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        row = access.my_recall(request.user, pk)
        row = svc.confirm_recall(recall_row=row, employee=access.my_employee(request.user))
        return Response(RecallSerializer(row).data)
