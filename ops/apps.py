from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running it in production: probes, request ids, logs, metrics, backups."""

    name = "ops"
    verbose_name = "Operasional"

    def ready(self) -> None:
        from . import context, tasks_context

        context.connect_request_finished()
        tasks_context.connect()  # also done by wfa_portal.celery; connecting twice is harmless
