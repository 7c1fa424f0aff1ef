from django.utils.functional import SimpleLazyObject

from .access import get_actor


def actor(request):
    """The current login's roles for navigation; loaded only if a template asks."""
    return {"actor": SimpleLazyObject(lambda: get_actor(request.user))}
