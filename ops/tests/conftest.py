import socket

import pytest

from ops import probes


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: bound for a moment, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _fresh_migration_check():
    probes.forget_migration_check()
    yield
    probes.forget_migration_check()
