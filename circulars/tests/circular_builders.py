"""Small builders for the circular workflow tests (services, views, forms)."""

from datetime import date

from django.utils import timezone

from circulars.models import Circular, Window
from circulars.services import Draft, create_draft


def draft_fields(**overrides) -> dict:
    fields = {
        "number": "800/123-BKPSDM/2025",
        "title": "Pelaksanaan WFA menjelang Idul Fitri",
        "arrangement": "WFA",
        "parent": None,
        "cap_percent": 50,
        "weekly_limit": None,
        "exempt_categories": [],
        "exempt_roles": [],
        "body": "Dalam rangka **kelancaran** arus mudik.",
    }
    fields.update(overrides)
    return fields


def make_draft(world, *, user=None, windows=None, agency=None, **fields) -> Circular:
    windows = [(date(2025, 3, 24), date(2025, 3, 27))] if windows is None else windows
    return create_draft(
        user=user or world.admin,
        agency=agency or world.agency,
        draft=Draft(fields=draft_fields(**fields), windows=windows),
    )


def make_published(agency, *, number="SE/1/2025", cap=50, windows=None, **extra) -> Circular:
    """A published circular straight in the database (a parent, or one to amend)."""
    circular = Circular.objects.create(
        agency=agency,
        number=number,
        title=extra.pop("title", "Sistem kerja ASN"),
        status=extra.pop("status", Circular.Status.PUBLISHED),
        published_at=timezone.now(),
        cap_percent=cap,
        **extra,
    )
    for start, end in windows or [(date(2025, 3, 20), date(2025, 3, 31))]:
        Window.objects.create(circular=circular, start=start, end=end)
    return circular


def form_data(**overrides) -> dict:
    """A POST of the circular form with one window and empty row formsets."""
    data = {
        "number": "800/1-BKPSDM/2025",
        "title": "WFA arus mudik",
        "arrangement": "WFA",
        "cap_percent": "50",
        "body": "Isi surat.",
        "windows-TOTAL_FORMS": "2",
        "windows-INITIAL_FORMS": "0",
        "windows-0-start": "2025-03-24",
        "windows-0-end": "2025-03-25",
        "windows-1-start": "",
        "windows-1-end": "",
        "limits-TOTAL_FORMS": "1",
        "limits-INITIAL_FORMS": "0",
        "limits-0-shape": "",
        "limits-0-value": "",
        "limits-0-category": "",
        "limits-0-unit": "",
        "priorities-TOTAL_FORMS": "1",
        "priorities-INITIAL_FORMS": "0",
        "priorities-0-kind": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
