"""Every notice is raised in notifications/events.py, only to active logins, and each
person reads it in the language they chose in the navbar, whoever acted and in which
language."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from circulars import services as circular_services
from circulars.tests.circular_builders import make_draft
from notifications.models import Kind, Notification
from schedules.requests import services as svc
from schedules.tests.employee_support import coming_circular, coming_working_days, staff_opd

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _calls_notify(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "notify":
                return True
    return False


def test_notify_is_called_only_by_the_events_module():
    callers = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if not {".venv", "tests", "bench"} & set(path.parts) and _calls_notify(path)
    )
    assert callers == ["notifications/events.py"]


def test_the_scan_sees_a_direct_call(tmp_path):
    stray = tmp_path / "stray.py"
    stray.write_text("from notifications.services import notify\nnotify(event_key='x')\n")
    assert _calls_notify(stray)


def test_choosing_english_in_the_navbar_is_kept_on_the_login(world, client_for):
    client = client_for(world.employee_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    world.employee_user.refresh_from_db()
    assert world.employee_user.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    world.employee_user.refresh_from_db()
    assert world.employee_user.language == "en"  # an unknown language changes nothing


def test_a_circular_notice_is_written_in_each_readers_language(world):
    world.head.language = "en"
    world.head.save()
    draft = make_draft(world, number="800/5-BKPSDM/2025")
    with translation.override("en"):  # the admin acting in English changes nothing for others
        circular_services.publish_circular(user=world.admin, circular=draft)
    rows = Notification.objects.filter(kind=Kind.CIRCULAR_PUBLISHED)
    assert rows.get(recipient=world.head).subject == "New circular: 800/5-BKPSDM/2025"
    assert rows.get(recipient=world.employee_user).subject == (
        "Surat Edaran baru: SE 800/5-BKPSDM/2025"
    )


def test_a_decision_reaches_the_employee_in_their_language_and_never_an_inactive_login(world):
    staff_opd(world)
    circular = coming_circular(world.agency)
    days = coming_working_days(world.agency, 2)
    world.employee_user.language = "en"
    world.employee_user.save()
    [row] = svc.request_days(employee=world.employee, circular=circular, days=days[:1])
    svc.reject_request(away_request=row, actor=world.head, reason="Rapat penting")
    notice = Notification.objects.get(recipient=world.employee_user, kind=Kind.REQUEST_DECIDED)
    assert notice.subject.endswith("rejected")
    assert notice.body == "Reason: Rapat penting"

    world.employee_user.is_active = False
    world.employee_user.save()
    [second] = svc.request_days(employee=world.employee, circular=circular, days=days[1:2])
    svc.reject_request(away_request=second, actor=world.head, reason="Tidak bisa")
    assert (
        Notification.objects.filter(
            recipient=world.employee_user, kind=Kind.REQUEST_DECIDED
        ).count()
        == 1
    )
