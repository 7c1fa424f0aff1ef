"""The outbox: one Notification row per recipient and event.

A row is the in-app inbox entry and the e-mail delivery job at once. It is
written in the same transaction as the change it reports (services.notify), so
a rolled-back change notifies nobody and a committed one is never lost: a task
delivers it after commit, and the sweeper retries whatever is still pending.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CIRCULAR_PUBLISHED = "circular_published", _("Surat edaran terbit")
    CIRCULAR_AMENDED = "circular_amended", _("Surat edaran diubah")
    CIRCULAR_REVOKED = "circular_revoked", _("Surat edaran dicabut")
    ROSTER_RETURNED = "roster_returned", _("Jadwal dikembalikan untuk diperbaiki")
    ROSTER_ACCEPTED = "roster_accepted", _("Jadwal diterima")
    ROSTER_RETURN_ASKED = "roster_return_asked", _("Permintaan pengembalian jadwal")
    REQUEST_DECIDED = "request_decided", _("Permohonan diputuskan")
    WFO_CHOSEN = "wfo_chosen", _("Pilihan hari WFO")
    PERMISSION_REVOKED = "permission_revoked", _("Izin dicabut")
    MOVED_TO_OFFICE = "moved_to_office", _("Pindah OPD: hari di luar kantor menjadi WFO")
    RULES_CHANGED_ROSTER = "rules_changed_roster", _("Aturan baru mengubah jadwal")
    REMINDER_ROSTER_DEADLINE = "reminder_roster_deadline", _("Pengingat batas pengisian jadwal")
    REMINDER_TOMORROW = "reminder_tomorrow", _("Pengingat jadwal besok")
    SUMMARY_MISSING_ROSTERS = "summary_missing_rosters", _("Ringkasan jadwal yang belum diisi")
    SUMMARY_DAILY_FIGURE = "summary_daily_figure", _("Rekap harian WFO/WFA per OPD")
    STANDING_POLICY = "standing_policy", _("Kebijakan kerja fleksibel terbit")
    STANDING_APPLICATION = "standing_application", _("Permohonan kerja fleksibel")
    STANDING_RECALL = "standing_recall", _("Panggilan ke kantor")


# Reminders and summaries may be switched off per user; every other kind is a
# mandatory notice (a circular, a decision about the person) and always goes out.
OPTIONAL_KINDS: tuple[str, ...] = (
    Kind.REMINDER_ROSTER_DEADLINE,
    Kind.REMINDER_TOMORROW,
    Kind.SUMMARY_MISSING_ROSTERS,
    Kind.SUMMARY_DAILY_FIGURE,
)


class Notification(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Menunggu dikirim")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        SKIPPED = "skipped", _("Tanpa e-mail")
        FAILED = "failed", _("Gagal dikirim")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("jenis"), max_length=40, choices=Kind.choices)
    event_key = models.CharField(_("kunci peristiwa"), max_length=150)
    subject = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"))
    link = models.CharField(_("tautan"), max_length=300, blank=True)
    state = models.CharField(
        _("status e-mail"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    claimed_at = models.DateTimeField(_("diambil pada"), null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    last_error = models.CharField(_("galat terakhir"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [
            # The idempotency key: one row per event and recipient. event_key
            # leads so the index also serves "the rows of this event".
            models.UniqueConstraint(
                fields=["event_key", "recipient"], name="notification_once_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice to receive (or not) the e-mail of one optional kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("jenis"), max_length=40, choices=Kind.choices)
    email_enabled = models.BooleanField(_("kirim e-mail"), default=True)

    class Meta:
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=list(OPTIONAL_KINDS)), name="notification_pref_optional"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"
