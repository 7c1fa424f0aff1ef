"""Small builders for the circular workflow tests (services, views, forms)."""

from datetime import date

from django.db.models import Q

from circulars.models import Circular, Relation
from circulars.services import (
    Draft,
    create_draft,
    publish_circular,
    revoke_circular,
)


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


def make_published(
    agency,
    *,
    number="SE/1/2025",
    cap=50,
    windows=None,
    title="Sistem kerja ASN",
    status=Circular.Status.PUBLISHED,
    arrangement="WFA",
    body="Isi surat.",
    exempt_roles=None,
    exempt_categories=None,
    exempt_units=None,
) -> Circular:
    """A circular in force (or since revoked or superseded), drafted and published through
    ``circulars.services`` as the pages and the API do it. Dates that meet a circular
    already in force replace it there (``amends``), as rows published before relations
    existed did."""
    windows = windows or [(date(2025, 3, 20), date(2025, 3, 31))]
    overlapping = Circular.objects.published().filter(agency=agency)
    meets = Q()
    for start, end in windows:
        meets |= Q(windows__start__lte=end, windows__end__gte=start)
    relation = Relation.AMENDS if overlapping.filter(meets).exists() else Relation.NONE
    fields = draft_fields(
        number=number,
        title=title,
        arrangement=arrangement,
        cap_percent=cap,
        body=body,
        exempt_roles=list(exempt_roles or []),
        exempt_categories=list(exempt_categories or []),
        relation=relation,
    )
    draft = Draft(fields=fields, windows=list(windows), exempt_units=list(exempt_units or []))
    circular = create_draft(user=None, agency=agency, draft=draft)
    circular = publish_circular(user=None, circular=circular)
    if status == Circular.Status.REVOKED:
        circular = revoke_circular(user=None, circular=circular, reason="Dicabut.")
    elif status == Circular.Status.SUPERSEDED:
        # Superseded alone, without the replacement that publishing an amendment would
        # leave in force (the phase tests want exactly one circular per phase).
        Circular.objects.filter(pk=circular.pk).update(status=status)
        circular.refresh_from_db()
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
