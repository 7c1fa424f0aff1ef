"""Optional error reports to a Sentry-compatible service (Sentry, GlitchTip, ...).

Called from settings only when SENTRY_DSN is set, so sentry_sdk is not even
imported otherwise. No personal data is sent (send_default_pii off: no user
names, cookies or addresses); performance tracing is off unless
SENTRY_TRACES_SAMPLE_RATE says otherwise. Django and Celery are picked up by
the SDK's automatic integrations.
"""

from __future__ import annotations


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )
