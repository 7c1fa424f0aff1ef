from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from .importing import keyed_rows
from .models import EmployeeCircumstance, User, validate_evidence
from .tables import TableUploadForm
from .upload_limits import Limits, too_big

USERNAME_MAX_LENGTH = User._meta.get_field(User.USERNAME_FIELD).max_length


class LoginForm(AuthenticationForm):
    # A login is at most 150 characters (User.username): longer is refused here, before
    # authenticate() and django-axes, whose records hold 255.
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=USERNAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Each wrong current password counts as a failed login of this username from this
    address (django-axes, the login's own limit and cool-off). Once locked, the form
    refuses even the right password, and the page answers with the lockout page."""

    def __init__(self, user, *args, request, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if not AxesProxyHandler.is_allowed(self.request, credentials):
            self._lock(credentials)
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            if getattr(self.request, "axes_locked_out", False):
                self._lock(credentials)
            raise

    def _lock(self, credentials: dict) -> None:
        # AxesMiddleware turns the answer into the lockout page (429).
        self.request.axes_locked_out = True
        self.request.axes_credentials = credentials
        raise forms.ValidationError(
            _("Terlalu banyak percobaan kata sandi yang salah. Coba lagi dalam 15 menit."),
            code="locked",
        )


class EmployeeImportForm(TableUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Berkas pegawai (.xlsx atau .csv)")
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

    def max_rows(self):
        return settings.IMPORT_MAX_EMPLOYEES

    def read_table(self, table):
        return keyed_rows(table)


class OperatorForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Pegawai"),
        queryset=None,
        error_messages={"invalid_choice": _("Pilih pegawai OPD ini yang memiliki akun aktif.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = candidates
        self.fields["employee"].label_from_instance = lambda e: f"{e.name} ({e.nip})"


class SanctionForm(forms.Form):
    start = forms.DateField(
        label=_("Mulai"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Tanggal mulai hukuman wajib diisi.")},
    )
    end = forms.DateField(
        label=_("Sampai"),
        required=False,
        help_text=_("Kosongkan bila belum ditentukan."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Keterangan"), required=False, max_length=1000, widget=forms.Textarea({"rows": 2})
    )


class EndSanctionForm(forms.Form):
    end = forms.DateField(label=_("Berakhir pada"), widget=forms.DateInput(attrs={"type": "date"}))


class CircumstanceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Keadaan"),
        choices=EmployeeCircumstance.Kind.choices,
        error_messages={
            "invalid_choice": _("Pilih keadaan yang tersedia."),
            "required": _("Pilih keadaan yang tersedia."),
        },
    )
    note = forms.CharField(
        label=_("Keterangan"),
        max_length=1000,
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": _("Keterangan wajib diisi.")},
    )
    until = forms.DateField(
        label=_("Berlaku sampai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    evidence = forms.FileField(
        label=_("Berkas pendukung (PDF, JPG atau PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload is None:
            return None
        limits = Limits.from_settings()
        if upload.size is not None and upload.size > limits.max_bytes:
            raise forms.ValidationError(too_big(limits))
        validate_evidence(upload)
        return upload


class SuperiorForm(forms.Form):
    """One of the OPD's staff and their direct superior (another of its staff, or none)."""

    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=None)
    superior = forms.ModelChoiceField(
        label=_("Atasan langsung"),
        queryset=None,
        required=False,
        help_text=_("Kosongkan bila kepala OPD yang memverifikasi."),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("employee", "superior"):
            self.fields[name].queryset = staff.order_by("name")
            self.fields[name].error_messages["invalid_choice"] = _("Pilih pegawai aktif OPD ini.")
        self.fields["employee"].error_messages["required"] = _("Pilih pegawainya.")
