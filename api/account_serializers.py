"""Serializers of the logins a BKPSDM admin manages. Inputs name only what the
caller may choose; ids, passwords and flags are never taken from the body."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from organizations.models import Employee, Role, User


class AccountEmployeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["id", "nip", "name", "unit"]
        read_only_fields = fields


class AccountRoleSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", read_only=True, allow_null=True)
    unit = serializers.IntegerField(source="unit_id", read_only=True, allow_null=True)

    class Meta:
        model = Role
        fields = ["id", "kind", "agency", "unit"]
        read_only_fields = fields


class AccountSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)
    # A plain string: a login without an address has "" here, which is no ``format: email``.
    email = serializers.CharField(read_only=True, help_text=_("Kosong bila tidak diisi."))
    employee = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "is_active", "employee", "roles"]
        read_only_fields = fields

    @extend_schema_field(AccountEmployeeSerializer(allow_null=True))
    def get_employee(self, user: User) -> dict | None:
        employee = getattr(user, "employee", None)
        return AccountEmployeeSerializer(employee).data if employee else None

    @extend_schema_field(AccountRoleSerializer(many=True))
    def get_roles(self, user: User) -> list:
        return AccountRoleSerializer(getattr(user, "scoped_roles", []), many=True).data


class NewAccountSerializer(AccountSerializer):
    initial_password = serializers.CharField(
        read_only=True, help_text=_("Ditampilkan sekali ini saja; minta pegawai menggantinya.")
    )

    class Meta(AccountSerializer.Meta):
        fields = [*AccountSerializer.Meta.fields, "initial_password"]
        read_only_fields = fields


class AccountCreateSerializer(serializers.Serializer):
    """The employee by id or by NIP (one of them)."""

    employee = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    nip = serializers.CharField(required=False, max_length=30)
    username = serializers.CharField(
        required=False, allow_blank=True, max_length=150, help_text=_("Kosong: NIP.")
    )
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)

    def validate(self, attrs: dict) -> dict:
        if ("employee" in attrs) == ("nip" in attrs):
            raise serializers.ValidationError(
                {"employee": [_("Isi salah satu: id pegawai atau NIP.")]}
            )
        return attrs


class RoleGrantSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Role.Kind.choices)
    unit = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )
    agency = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("Untuk admin beberapa instansi; kosong: instansi akun."),
    )
