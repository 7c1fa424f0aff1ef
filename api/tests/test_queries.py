"""Query budgets: list endpoints cost the same whatever the number of rows."""

import pytest

from circulars.tests.circular_builders import make_published
from notifications.services import notify
from schedules.tests.support import add_staff, publish_circular

LISTS = [
    "/api/v1/agencies/",
    "/api/v1/units/",
    "/api/v1/employees/",
    "/api/v1/circulars/",
    "/api/v1/me/notifications/",
    "/api/v1/tokens/",
]


def _grow(world, n: int, start: int) -> None:
    add_staff(world.opd, n)
    for i in range(n):
        make_published(world.agency, number=f"SE/{start + i}")
        notify(
            event_key=f"e{start + i}",
            kind="roster_accepted",
            recipients=[world.admin],
            subject="S",
            body="B",
        )


@pytest.mark.parametrize("path", LISTS)
def test_list_queries_do_not_grow(world, api, count_queries, path):
    client = api(world.admin)
    client.get(path)  # warm the session and the actor
    _grow(world, 2, 0)
    small, response = count_queries(client.get, path)
    assert response.status_code == 200
    _grow(world, 20, 100)
    large, response = count_queries(client.get, path)
    assert response.status_code == 200
    assert large == small


def test_roster_queries_do_not_grow(world, api, count_queries):
    publish_circular(world.agency)
    client = api(world.head)
    path = f"/api/v1/rosters/?unit={world.opd.pk}&week=2025-W13"
    add_staff(world.opd, 3)
    small, _response = count_queries(client.get, path)
    add_staff(world.opd, 60)
    large, response = count_queries(client.get, path)
    assert response.status_code == 200
    assert len(response.json()["staff"]) == 65
    assert large == small


def test_request_queue_queries_do_not_grow(world, api, count_queries):
    from schedules.models import AwayRequest
    from schedules.tests.employee_support import coming_circular, coming_working_days

    circular = coming_circular(world.agency)
    days = coming_working_days(world.agency, 12)
    staff = add_staff(world.opd, 12)
    client = api(world.head)

    def ask(employees):
        AwayRequest.objects.bulk_create(
            [AwayRequest(employee=e, circular=circular, day=d, mode="WFA") for e, d in employees]
        )

    ask(zip(staff[:2], days[:2], strict=True))
    small, response = count_queries(client.get, "/api/v1/requests/")
    assert len(response.json()["results"]) == 2
    ask(zip(staff[2:], days[2:], strict=True))
    large, response = count_queries(client.get, "/api/v1/requests/")
    assert len(response.json()["results"]) == 12
    assert large == small
