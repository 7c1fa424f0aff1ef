"""An e-mail backend as slow as a mail server: the file backend, waiting before each
message (SLOW_MAIL_SECONDS, default 0.02). Lets a test or a benchmark kill a worker
in the middle of a fan-out."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def write_message(self, message):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.02")))
        super().write_message(message)
