from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from .services import UNREAD_BADGE_CAP, unread_count


@dataclass(frozen=True)
class Bell:
    count: int

    @property
    def label(self) -> str:
        return f"{UNREAD_BADGE_CAP - 1}+" if self.count >= UNREAD_BADGE_CAP else str(self.count)


def bell(request):
    """The navbar bell's unread count: one COUNT, only if a template renders the bell."""
    return {"notification_bell": SimpleLazyObject(lambda: Bell(unread_count(request.user)))}
