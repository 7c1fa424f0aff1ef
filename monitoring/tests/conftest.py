"""Fixtures shared by monitoring's tests."""

import pytest

from .support import add_staff, publish_circular


@pytest.fixture
def board(world):
    """Diskominfo with 6 active staff under a 50% circular: 3 may be away on Monday."""
    world.circular = publish_circular(world.agency, number="800/9/SE/2025")
    add_staff(world.opd, 2, prefix="Tambahan")
    add_staff(world.sub_unit, 2)
    return world
