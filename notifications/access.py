"""Scoping: a login sees and marks only its own notifications (any other id: 404)."""

from django.db.models import QuerySet

from organizations.access import get_in_scope
from organizations.models import User

from .models import Notification


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=user.pk)


def notification_for(user: User, notification_id: int) -> Notification:
    return get_in_scope(notifications_for(user), notification_id)
