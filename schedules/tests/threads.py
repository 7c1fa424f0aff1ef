"""Run callables at the same moment in real threads (PostgreSQL race tests)."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def run_together(*calls) -> list[dict]:
    """Start every call behind one barrier; each outcome holds ``result``, ``refused``
    (the ValidationError) or ``error`` (anything else, for the test to report)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[dict] = [{} for _ in calls]

    def run(fn, outcome):
        try:
            barrier.wait()
            outcome["result"] = fn()
        except ValidationError as error:
            outcome["refused"] = error
        except Exception as error:  # reported by the test
            outcome["error"] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(fn, out))
        for fn, out in zip(calls, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
