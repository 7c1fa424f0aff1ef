"""Role checks of the API. Scope (which rows) is the access helpers' job; these
only say whether the caller's role may write this resource at all (else 403)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from organizations.access import administers_any, get_actor


class AdminWrites(BasePermission):
    """Anyone signed in reads (within scope); only BKPSDM admins write."""

    def has_permission(self, request, view) -> bool:
        actor = get_actor(request.user)
        if not actor.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        return actor.is_superuser or actor.is_admin


class FillsRosters(BasePermission):
    """Heads and operators write rosters; BKPSDM admins may read the ones they oversee."""

    def has_permission(self, request, view) -> bool:
        actor = get_actor(request.user)
        if not actor.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return bool(actor.is_superuser or actor.roster_unit_ids or actor.is_admin)
        return bool(actor.is_superuser or actor.roster_unit_ids)


class IsAgencyAdmin(BasePermission):
    """BKPSDM admins (and superusers) only, for reading too: logins are not public."""

    def has_permission(self, request, view) -> bool:
        return administers_any(request.user)
