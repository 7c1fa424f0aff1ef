"""The portal check-in's location: refused with specific words when it is not on Earth."""

from __future__ import annotations

import pytest
from django.urls import reverse

from attendance.forms import CheckInForm
from attendance.models import CheckIn

pytestmark = pytest.mark.django_db

LAT = "Lintang lokasi harus angka antara -90 dan 90."
LNG = "Bujur lokasi harus angka antara -180 dan 180."
ACCURACY = "Akurasi lokasi harus angka dalam meter, 0 atau lebih."


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"lat": "90.0001", "lng": "106.8"}, [LAT]),
        ({"lat": "-90.5", "lng": "106.8"}, [LAT]),
        ({"lat": "utara", "lng": "106.8"}, [LAT]),
        ({"lat": "-6.2", "lng": "180.01"}, [LNG]),
        ({"lat": "-6.2", "lng": "-181"}, [LNG]),
        ({"lat": "-6.2", "lng": "106.8", "accuracy": "-1"}, [ACCURACY]),
        ({"lat": "-6.2", "lng": "106.8", "accuracy": "jauh"}, [ACCURACY]),
        ({"lat": "95", "lng": "200"}, [LAT, LNG]),
    ],
)
def test_a_location_off_the_earth_is_refused_with_its_words(data, words):
    form = CheckInForm(data)
    assert not form.is_valid()
    assert [m for errors in form.errors.values() for m in errors] == words
    assert form.error_words() == " ".join(words)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"lat": "90", "lng": "180", "accuracy": "0"},
        {"lat": "-90", "lng": "-180"},
        {"lat": "-6.2", "lng": "106.8", "accuracy": "12.5"},
    ],
)
def test_a_location_on_the_earth_or_none_passes(data):
    assert CheckInForm(data).is_valid()


def test_the_page_shows_the_words_and_keeps_nothing(world, client_for):
    client = client_for(world.employee_user)
    response = client.post(
        reverse("attendance:check_in"), {"lat": "-6.2", "lng": "250", "accuracy": "5"}, follow=True
    )
    assert LNG in response.content.decode()
    assert not CheckIn.objects.exists()
