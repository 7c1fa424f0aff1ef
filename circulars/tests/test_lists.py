"""The circular's readers grow with the agency's logins: BKPSDM sees them paged."""

import pytest
from django.urls import reverse

from circulars.models import CircularRead
from circulars.tests.circular_builders import make_published
from organizations.models import User

pytestmark = pytest.mark.django_db


def readers(circular, start: int, count: int) -> None:
    users = User.objects.bulk_create(
        [User(username=f"pembaca{n:03d}") for n in range(start, start + count)]
    )
    CircularRead.objects.bulk_create([CircularRead(circular=circular, user=u) for u in users])


def test_readers_are_paged_with_the_whole_count(world, client_for, count_queries):
    circular = make_published(world.agency)
    url = reverse("circulars:detail", args=[circular.pk])
    client = client_for(world.admin)
    readers(circular, 0, 3)
    client.get(url)
    small, _ = count_queries(client.get, url)
    readers(circular, 3, 70)
    large, response = count_queries(client.get, url)
    assert small == large
    body = response.content.decode()
    assert "Dibaca 74 akun" in body  # the admin's own read counts too
    assert "Halaman 1 dari 2 (74 baris)" in body
    assert len(response.context["reads"].rows) == 50
    assert 'data-testid="reads"' not in client_for(world.head).get(url).content.decode()
