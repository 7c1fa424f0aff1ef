from django.db import transaction

from .models import Employee, User


@transaction.atomic
def deactivate_user(*, user: User) -> None:
    """Switch a login off. Its sessions end at their next request, because the
    authentication backend refuses inactive users when it loads them."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])


@transaction.atomic
def deactivate_employee(*, employee: Employee) -> None:
    """An employee who leaves stops counting toward headcounts and loses their login."""
    if employee.active:
        employee.active = False
        employee.save(update_fields=["active"])
    if employee.user_id:
        deactivate_user(user=employee.user)
