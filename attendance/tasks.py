"""Background jobs of attendance: thin, they take ids and call one service."""

from celery import shared_task

from . import imports


@shared_task(acks_late=True, ignore_result=True)
def apply_import_task(batch_id: int) -> None:
    imports.run_queued(batch_id=batch_id)


@shared_task(ignore_result=True)
def send_daily_figures() -> int:
    from . import figure

    return figure.send_daily_figures()
