from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "state", "attempts", "created_at", "read_at"]
    list_filter = ["state", "kind"]
    search_fields = ["subject", "event_key", "recipient__username"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = ["claim_token", "claimed_at", "sent_at", "last_error"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "email_enabled"]
    raw_id_fields = ["user"]
