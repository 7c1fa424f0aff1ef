"""Shapes of the API's resources.

Fields that the server decides (status, owner, agency of an existing record,
authors and timestamps) are read-only: a client cannot mass-assign them.
Choices of related rows are limited to what the caller may see, so an id
outside the caller's scope is simply "not found".
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from circulars.access import circulars_visible_to
from circulars.models import (
    REGIONAL_LEVELS,
    Arrangement,
    Circular,
    Limit,
    Phase,
    Priority,
    Window,
)
from circulars.services import SCALAR_FIELDS
from organizations.access import (
    agencies_for_admin,
    employees_for_admin,
    units_for_admin,
    units_visible_to,
)
from organizations.forms import USERNAME_MAX_LENGTH
from organizations.models import (
    Agency,
    Employee,
    EmployeeCircumstance,
    JobType,
    Region,
    RoleTag,
    ServiceCategory,
    Unit,
)
from organizations.nip import normalize_nip
from schedules.models import ModeChoices

from .models import ApiToken


def _user(serializer: serializers.Serializer):
    return serializer.context["request"].user


def django_errors(exc: DjangoValidationError) -> dict | list:
    """A Django ValidationError as DRF field errors (keys are the API's field names)."""
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


# --- Organisations -----------------------------------------------------------------


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "short_name", "level", "parent", "region"]
        read_only_fields = fields


class UnitSerializer(serializers.ModelSerializer):
    service_category = serializers.CharField(source="category", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "agency",
            "code",
            "name",
            "short_name",
            "service_category",
            "parent",
            "office_region",
        ]
        read_only_fields = fields


class EmployeeSerializer(serializers.ModelSerializer):
    """An ASN. BKPSDM admins create and change the records of their own agency."""

    nip = serializers.CharField(
        max_length=30, help_text=_("18 digit; spasi, titik dan tanda hubung diabaikan.")
    )
    roles = serializers.ListField(
        source="role_tags",
        child=serializers.ChoiceField(choices=RoleTag.choices),
        required=False,
        allow_empty=True,
    )
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    domicile_region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, allow_null=True
    )
    superior = serializers.PrimaryKeyRelatedField(
        queryset=Employee.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Atasan langsung: pegawai instansi yang sama (null: tidak ada)."),
    )

    class Meta:
        model = Employee
        fields = [
            "id",
            "nip",
            "name",
            "unit",
            "position",
            "job_type",
            "asn_kind",
            "roles",
            "domicile_region",
            "superior",
            "active",
        ]
        read_only_fields = ["id", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only units of the agencies this admin administers can be chosen.
            self.fields["unit"].queryset = units_for_admin(request.user)
            self.fields["superior"].queryset = employees_for_admin(request.user)

    def validate_nip(self, value: str) -> str:
        # A NIP or an NI PPPK: which one is the model's rule (Employee.clean, by asn_kind).
        return normalize_nip(value)

    def validate(self, attrs: dict) -> dict:
        probe = Employee(**{**self._current(), **attrs})
        if self.instance is not None:
            probe.pk = self.instance.pk
            probe._state.adding = False
        try:
            # Lengths, choices, the unique NIP: the model's own rules, in Indonesian.
            probe.full_clean(exclude=["user"])
        except DjangoValidationError as exc:
            errors = django_errors(exc)
            if "role_tags" in errors:
                errors["roles"] = errors.pop("role_tags")
            raise serializers.ValidationError(errors) from None
        return attrs

    def _current(self) -> dict:
        if self.instance is None:
            return {}
        names = [
            "nip", "name", "unit", "position", "role_tags", "domicile_region", "superior", "active",
        ]  # fmt: skip
        return {name: getattr(self.instance, name) for name in names}


# --- Circulars ---------------------------------------------------------------------


class WholeItemMixin:
    """A nested item is always given whole, even in a PATCH of its parent.

    DRF carries ``partial`` down to nested serializers, so in a PATCH an item such as
    ``{"priorities": [{}]}`` would pass with its required fields missing and its
    defaults unset. A PATCH replaces the whole list, so each item must be complete:
    a missing required field is a 400, a missing optional one takes its default.
    """

    def validate(self, attrs: dict) -> dict:
        missing = {}
        for name, field in self.fields.items():
            if field.read_only or field.source in attrs:
                continue
            if field.required:
                missing[name] = [field.error_messages["required"]]
            elif field.default is not empty:
                attrs[field.source] = field.default() if callable(field.default) else field.default
        if missing:
            raise serializers.ValidationError(missing)
        return super().validate(attrs)


class WindowSerializer(WholeItemMixin, serializers.ModelSerializer):
    class Meta:
        model = Window
        fields = ["start", "end"]


class LimitSerializer(WholeItemMixin, serializers.ModelSerializer):
    """One limit of any shape; the scope fields left out apply it everywhere."""

    shape = serializers.ChoiceField(choices=Limit.Shape.choices)
    value = serializers.IntegerField(min_value=0, max_value=32767)
    category = serializers.ChoiceField(
        choices=ServiceCategory.choices, required=False, allow_blank=True, default=""
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.none(), required=False, allow_null=True, default=None
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), required=False, allow_null=True, default=None
    )
    start = serializers.DateField(required=False, allow_null=True, default=None)
    end = serializers.DateField(required=False, allow_null=True, default=None)

    class Meta:
        model = Limit
        fields = ["shape", "value", "category", "unit", "region", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["unit"].queryset = units_visible_to(request.user)


class PrioritySerializer(WholeItemMixin, serializers.ModelSerializer):
    regions = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), many=True)

    class Meta:
        model = Priority
        fields = ["kind", "regions"]


@extend_schema_field(
    {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "example": "07:30:00"}
)
class ClockTimeField(serializers.TimeField):
    """A time of day on the office clock, answered to the second ("07:30:00").

    OpenAPI's ``format: time`` is RFC 3339's, which demands a UTC offset that a
    working hour has not; the schema says what is really answered instead.
    """

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M:%S", required=False, allow_null=True, **kwargs)


class CircularSerializer(serializers.ModelSerializer):
    """A circular with its windows and rules. Writes go through ``circulars.services``."""

    work_start = ClockTimeField()
    work_end = ClockTimeField()
    break_start = ClockTimeField()
    break_end = ClockTimeField()

    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Instansi penerbit; hanya saat membuat draf. Bawaan: instansi Anda."),
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Circular.objects.none(), required=False, allow_null=True
    )
    exempt_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceCategory.choices), required=False
    )
    exempt_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=RoleTag.choices), required=False
    )
    exempt_units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.none(), many=True, required=False
    )
    cap_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    weekly_limit = serializers.IntegerField(
        min_value=1, max_value=7, required=False, allow_null=True
    )
    arrangement = serializers.ChoiceField(choices=Arrangement.choices, required=False)
    windows = WindowSerializer(many=True, required=False)
    limits = LimitSerializer(many=True, required=False)
    priorities = PrioritySerializer(many=True, required=False)
    phase = serializers.ChoiceField(
        choices=Phase.choices,
        source="current_phase",
        read_only=True,
        help_text=_(
            "Status menurut tanggal hari ini: draf, akan berlaku, berlaku, berakhir, "
            "dicabut atau diganti."
        ),
    )
    addressed_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=REGIONAL_LEVELS), required=False
    )
    eligible_job_types = serializers.ListField(
        child=serializers.ChoiceField(choices=JobType.choices), required=False
    )
    priority_circumstances = serializers.ListField(
        child=serializers.ChoiceField(choices=EmployeeCircumstance.Kind.choices), required=False
    )
    required_away_circumstances = serializers.ListField(
        child=serializers.ChoiceField(choices=EmployeeCircumstance.Kind.choices), required=False
    )
    addressed_regions = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), many=True, required=False
    )

    class Meta:
        model = Circular
        # The draft's own fields come from the service that writes them, so the API
        # can never accept a field the service would not store.
        fields = [
            "id",
            "agency",
            "status",
            "phase",
            "amends",
            *SCALAR_FIELDS,
            "addressed_regions",
            "exempt_units",
            "windows",
            "limits",
            "priorities",
            "created_by",
            "created_at",
            "updated_at",
            "published_at",
            "revoked_at",
            "revoke_reason",
        ]
        read_only_fields = [
            "id",
            "status",
            "amends",
            "created_by",
            "created_at",
            "updated_at",
            "published_at",
            "revoked_at",
            "revoke_reason",
        ]
        extra_kwargs = {"number": {"validators": []}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        user = request.user
        self.fields["agency"].queryset = agencies_for_admin(user)
        self.fields["parent"].queryset = circulars_visible_to(user)
        self.fields["exempt_units"].child_relation.queryset = units_visible_to(user)
        # The nested rows are built with the class, before there is a request.
        self.fields["limits"].child.fields["unit"].queryset = units_visible_to(user)
        if self.instance is not None and not isinstance(self.instance, list):
            # The issuing agency of an existing circular never changes.
            self.fields["agency"].read_only = True

    def get_unique_together_validators(self):
        # Uniqueness of the number per agency is the service's rule (with its message).
        return []


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text=_("Alasan pencabutan."))


class CircularSummarySerializer(serializers.ModelSerializer):
    phase = serializers.ChoiceField(choices=Phase.choices, source="current_phase", read_only=True)

    class Meta:
        model = Circular
        fields = ["id", "number", "title", "agency", "status", "phase", "arrangement"]
        read_only_fields = fields


class GoverningSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    opd = serializers.IntegerField()
    date = serializers.DateField()
    circular = CircularSummarySerializer(allow_null=True)
    working_day = serializers.BooleanField()
    non_working_reason = serializers.CharField()
    cap_percent = serializers.IntegerField(allow_null=True)
    headcount = serializers.IntegerField()
    daily_limit = serializers.IntegerField(
        allow_null=True, help_text=_("Kosong bila tidak ada hari di luar kantor yang diizinkan.")
    )
    unit_exempt = serializers.BooleanField()
    exempt_reason = serializers.CharField()


# --- Rosters -----------------------------------------------------------------------


class CellInSerializer(serializers.Serializer):
    employee = serializers.CharField(help_text=_("Id pegawai atau NIP."))
    date = serializers.DateField()
    mode = serializers.ChoiceField(choices=ModeChoices.choices)


class PlanInSerializer(serializers.Serializer):
    assignments = CellInSerializer(many=True, required=False)
    targets = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        required=False,
        help_text=_("Jumlah pegawai di luar kantor yang dituju per tanggal (YYYY-MM-DD)."),
    )


class ViolationSerializer(serializers.Serializer):
    code = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)
    employee = serializers.IntegerField(allow_null=True)
    allowed = serializers.IntegerField(allow_null=True)
    requested = serializers.IntegerField(allow_null=True)
    message = serializers.CharField()


class RosterViolationSerializer(ViolationSerializer):
    severity = serializers.CharField()


class ViolationsSerializer(serializers.Serializer):
    violations = ViolationSerializer(many=True)


class RefusalSerializer(serializers.Serializer):
    """A rule's refusal (422): what to tell the user, a stable code, the violations."""

    detail = serializers.CharField()
    code = serializers.CharField()
    violations = ViolationSerializer(many=True)


class RosterDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    open = serializers.BooleanField()
    closed_reason = serializers.CharField()
    circular = serializers.IntegerField(allow_null=True)
    cap_percent = serializers.IntegerField()
    limit = serializers.IntegerField(allow_null=True)
    away = serializers.IntegerField()


class CellOutSerializer(serializers.Serializer):
    employee = serializers.IntegerField()
    date = serializers.DateField()
    mode = serializers.CharField()


class ProposedCellSerializer(CellOutSerializer):
    proposed = serializers.BooleanField()


class RosterStaffSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    unit = serializers.IntegerField()


class RosterSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    week = serializers.CharField()
    week_start = serializers.DateField()
    status = serializers.CharField()
    editable = serializers.BooleanField()
    return_comment = serializers.CharField()
    days = RosterDaySerializer(many=True)
    staff = RosterStaffSerializer(many=True)
    assignments = CellOutSerializer(many=True)
    violations = RosterViolationSerializer(many=True)


class PlanSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    week = serializers.CharField()
    days = RosterDaySerializer(many=True)
    assignments = ProposedCellSerializer(many=True)
    violations = RosterViolationSerializer(many=True)


# --- Me, notifications, tokens -------------------------------------------------------


class RoleOutSerializer(serializers.Serializer):
    kind = serializers.CharField()
    agency = serializers.IntegerField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField()
    roles = RoleOutSerializer(many=True)
    employee = EmployeeSerializer(allow_null=True)
    calendar_feed_url = serializers.CharField(allow_null=True)


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at"]


class NewTokenSerializer(TokenSerializer):
    key = serializers.CharField(
        read_only=True, help_text=_("Kunci token; hanya ditampilkan sekali.")
    )

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "key"]
        read_only_fields = [*TokenSerializer.Meta.read_only_fields, "key"]


class ObtainTokenSerializer(serializers.Serializer):
    # Longer than any login: refused here, before authenticate() and django-axes.
    username = serializers.CharField(max_length=USERNAME_MAX_LENGTH)
    password = serializers.CharField(style={"input_type": "password"}, write_only=True)
    name = serializers.CharField(required=False, default="API", max_length=100)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(required=False)
