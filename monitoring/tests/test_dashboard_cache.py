"""The dashboard's daily limits from the shared cache: fewer queries on the next visit,
and a change of the rules or of an OPD's headcount seen at once, on local memory and
on a real Redis."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from circulars.models import Limit
from monitoring.dashboard import build_dashboard

from .support import MON, add_staff

pytestmark = pytest.mark.django_db


def monday_limit(world) -> int:
    board = build_dashboard(world.agency, world.circular)
    row = next(r for r in board.all_rows if r.opd.pk == world.opd.pk)
    return next(d.limit for d in row.days if d.day == MON)


def test_the_next_visit_reads_no_rules(board, shared_cache, client_for):
    client = client_for(board.admin)
    url = reverse("monitoring:dashboard", args=[board.agency.pk, board.circular.pk])
    with CaptureQueriesContext(connection) as cold:
        first = client.get(url)
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url)
    cell = f'data-testid="away-{board.opd.pk}-{MON.isoformat()}">0/3</td>'
    assert cell in first.content.decode()
    assert cell in second.content.decode()
    assert len(warm) < len(cold)


def test_a_change_of_the_rules_is_seen_at_once(board, shared_cache):
    assert monday_limit(board) == 3
    assert monday_limit(board) == 3  # now from the cache
    Limit.objects.create(circular=board.circular, shape="away_count", value=1)
    assert monday_limit(board) == 1


def test_a_change_of_headcount_is_seen_at_once(board, shared_cache):
    assert monday_limit(board) == 3
    add_staff(board.opd, 2, prefix="Baru")  # a bulk insert: no signal, no bump
    assert monday_limit(board) == 4
