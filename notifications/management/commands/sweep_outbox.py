from django.core.management.base import BaseCommand

from notifications import services


class Command(BaseCommand):
    help = (
        "Deliver due pending notifications (what Celery beat runs every minute). "
        "Without a broker, run it from cron to retry failed e-mails."
    )

    def handle(self, *args, **options):
        sent = services.sweep()
        self.stdout.write(f"{sent} notification(s) sent")
