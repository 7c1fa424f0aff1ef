"""Who may see and change circulars: the one scoping helper for this resource.

Published, revoked and superseded circulars are public documents: any login
may read them. A draft is seen only by the BKPSDM admins of its agency.
Changes (edit, publish, amend, revoke) belong to those admins alone.
"""

from django.db.models import Q, QuerySet

from organizations.access import get_actor, get_in_scope
from organizations.models import User

from .models import Circular


def circulars_visible_to(user: User) -> QuerySet[Circular]:
    actor = get_actor(user)
    if not actor.is_authenticated:
        return Circular.objects.none()
    if actor.is_superuser:
        return Circular.objects.all()
    return Circular.objects.filter(
        ~Q(status=Circular.Status.DRAFT) | Q(agency_id__in=actor.admin_agency_ids)
    )


def circulars_for_admin(user: User) -> QuerySet[Circular]:
    """Circulars this login may change: those of the agencies it administers."""
    actor = get_actor(user)
    if actor.is_superuser:
        return Circular.objects.all()
    return Circular.objects.filter(agency_id__in=actor.admin_agency_ids)


def may_change_circular(user: User, circular: Circular) -> bool:
    """Whether this login administers the circular's agency (sees its reads, edits it)."""
    actor = get_actor(user)
    return actor.is_superuser or circular.agency_id in actor.admin_agency_ids


def circular_visible_to(user: User, pk: object) -> Circular:
    return get_in_scope(circulars_visible_to(user).select_related(*_RELATED), pk)


def circular_for_admin(user: User, pk: object) -> Circular:
    return get_in_scope(circulars_for_admin(user).select_related(*_RELATED), pk)


_RELATED = ("agency", "parent", "amends")
