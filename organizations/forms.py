from django import forms
from django.contrib.auth.forms import AuthenticationForm
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


class EmployeeImportForm(TableUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Berkas pegawai (.xlsx atau .csv)")
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"

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
