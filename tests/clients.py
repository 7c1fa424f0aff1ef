"""Logged-in test clients, one per actor, that can be used side by side."""

from __future__ import annotations

from django.test import Client


def logged_in(user, **kwargs) -> Client:
    """A new client logged in as ``user`` (``kwargs`` go to ``Client``)."""
    client = Client(**kwargs)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
