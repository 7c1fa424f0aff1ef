"""Forms of the BKPSDM pages that manage logins and their roles."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Agency, Employee, Role, Unit
from .nip import normalize_nip


class AccountCreateForm(forms.Form):
    """The employee is typed by NIP: an agency of thousands makes a select unusable."""

    nip = forms.CharField(
        label=_("NIP pegawai"),
        max_length=30,
        help_text=_("18 digit; spasi diabaikan. Hanya pegawai aktif yang belum memiliki akun."),
    )
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan untuk memakai NIP."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency

    def clean_nip(self) -> str:
        nip = normalize_nip(self.cleaned_data["nip"])
        employee = Employee.objects.active().filter(unit__agency=self.agency, nip=nip).first()
        if employee is None:
            raise forms.ValidationError(
                _("Tidak ada pegawai aktif dengan NIP ini di instansi ini.")
            )
        self.cleaned_data["employee"] = employee
        return nip


class RoleGrantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Peran"), choices=Role.Kind.choices)
    unit = forms.ModelChoiceField(
        label=_("OPD"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Wajib untuk kepala dan operator OPD; kosongkan untuk peran instansi."),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.opds().filter(agency=agency).order_by("name")
        self.fields["unit"].label_from_instance = lambda unit: unit.name
