"""Background jobs of the organisations app: thin, they take ids and call a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def apply_import_task(batch_id: int, actor_id: int | None) -> None:
    services.run_queued_import(batch_id=batch_id, actor_id=actor_id)
