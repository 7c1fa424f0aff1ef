from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from .importing import keyed_rows
from .models import User
from .tables import TableUploadForm

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
