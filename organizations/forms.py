from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Nama pengguna"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class EmployeeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas pegawai (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"empty": _("Berkas kosong.")},
    )

    def clean_file(self):
        from .importing import MAX_BYTES, FileRejected, read_table

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar: paling banyak 10 MB."))
        try:
            self.cleaned_data["rows"] = read_table(upload.name, upload.read())
        except FileRejected as error:
            raise forms.ValidationError(str(error)) from None
        return upload


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
