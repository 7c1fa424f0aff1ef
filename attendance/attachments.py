"""The files of a daily report: PDF, PNG or JPEG (read from their first bytes, never
from their names), at most 5 MB each and five per report; each refusal names the file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .models import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, ReportAttachment

SIGNATURES = (
    (b"%PDF-", ReportAttachment.Kind.PDF),
    (b"\x89PNG\r\n\x1a\n", ReportAttachment.Kind.PNG),
    (b"\xff\xd8\xff", ReportAttachment.Kind.JPEG),
)
CONTENT_TYPES = {
    ReportAttachment.Kind.PDF: "application/pdf",
    ReportAttachment.Kind.PNG: "image/png",
    ReportAttachment.Kind.JPEG: "image/jpeg",
}


def kind_of(upload) -> str:
    """The kind of an uploaded file, by its first bytes; ValidationError naming the file."""
    name = upload.name
    if not upload.size:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": name}, code="empty")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (%(size)s MB): paling besar 5 MB per lampiran.")
            % {"name": name, "size": f"{upload.size / 1024 / 1024:.1f}"},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    raise ValidationError(
        _("Berkas %(name)s bukan PDF, PNG atau JPEG (isi berkasnya yang diperiksa, bukan namanya).")
        % {"name": name},
        code="type",
    )


def check_count(have: int, adding: int) -> None:
    if have + adding > MAX_ATTACHMENTS:
        raise ValidationError(
            _(
                "Paling banyak %(max)s lampiran per laporan: sudah ada %(have)s, "
                "ditambah %(adding)s."
            )
            % {"max": MAX_ATTACHMENTS, "have": have, "adding": adding},
            code="too_many",
        )


def download_response(attachment: ReportAttachment) -> FileResponse:
    """The attachment as a download, for the page and the API alike (the caller has
    checked access); 404 when its file is gone from storage."""
    try:
        handle = attachment.file.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
