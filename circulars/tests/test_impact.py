"""The impact of a draft on stored rosters, and publishing applying it (circulars.impact)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from circulars import impact, services
from circulars.models import Circular, Limit, Relation, Window
from circulars.tests.impact_support import make_scene, published, store_week
from notifications.models import Notification
from organizations.models import DisciplinarySanction
from organizations.tests.factories import UserFactory
from policy.values import Code
from schedules.models import Assignment, DayCounter, Roster
from schedules.roster.services import check_week
from schedules.tests.support import add_staff

pytestmark = pytest.mark.django_db


def _amendment(scene, world, **changes) -> Circular:
    draft = services.amend_circular(user=world.admin, circular=scene.circular)
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save()
    return draft


def _shrink_to_tuesday(draft, scene):
    Window.objects.filter(circular=draft).update(start=scene.tuesday)


def _sanction_first(draft, scene):
    DisciplinarySanction.objects.create(
        employee=scene.staff[0], start=scene.monday, end=scene.monday + timedelta(days=30)
    )


# (case, amendment fields, extra step, over days, refused days (code), returned words id/en)
CASES = [
    ("same rules", {}, None, 0, [], None),
    ("lower cap", {"cap_percent": 25}, None, 1, [], ("melebihi batas", "more than the limit")),
    (
        "only pelaksana",
        {"eligible_job_types": ["pelaksana"]},
        None,
        0,
        [Code.JOB_TYPE_EXCLUDED],
        ("hanya pelaksana", "only"),
    ),
    (
        "treasurers stay",
        {"exempt_roles": ["treasurer"]},
        None,
        0,
        [Code.EXEMPT_ROLE],
        ("sebagai bendahara", "must work at the office"),
    ),
    (
        "sanctioned excluded",
        {"excludes_sanctioned": True},
        _sanction_first,
        0,
        [Code.UNDER_SANCTION],
        ("hukuman disiplin", "disciplinary sanction"),
    ),
    (
        "window loses Monday",
        {},
        _shrink_to_tuesday,
        0,
        [Code.OUTSIDE_WINDOW, Code.OUTSIDE_WINDOW],
        ("tidak ada surat edaran", "no published circular"),
    ),
]


@pytest.mark.parametrize(
    ("changes", "step", "over", "refused", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_impact_of_an_amendment_on_a_submitted_week(world, changes, step, over, refused, words):
    scene = make_scene(world)
    draft = _amendment(scene, world, **changes)
    if step:
        step(draft, scene)
    found = impact.impact_of(draft)
    assert found.over_days == over
    assert sorted(r.violation.code for w in found.weeks for r in w.refused) == sorted(refused)
    if not over and not refused:
        assert not found
        return
    assert [o.opd for o in found.opds] == [scene.opd]
    (week,) = found.weeks
    assert week.handed_in and week.iso_week == scene.roster.iso_week
    assert found.handed_in == 1
    words_id, words_en = words
    texts = [*week.messages(), *(r.reason() for r in week.refused)]
    assert any(words_id in t for t in texts), texts
    with translation.override("en"):
        texts = [*week.messages(), *(r.reason() for r in week.refused)]
    assert any(words_en in t for t in texts), texts


def test_breaches_already_there_are_not_the_drafts(world):
    """A day over the limit before the draft is not its impact (nothing new)."""
    scene = make_scene(world)
    Circular.objects.filter(pk=scene.circular.pk).update(cap_percent=25)
    draft = _amendment(scene, world, cap_percent=25)
    assert not impact.impact_of(draft)


def test_past_days_are_left_alone(world):
    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25)
    assert not impact.impact_of(draft, today=scene.monday + timedelta(days=7))


def test_a_new_circular_that_adds_a_headcount_limit(world):
    """A second circular of the agency over the same dates that adds (both apply)."""
    scene = make_scene(world)
    draft = published(
        world.agency,
        "800/2/2026",
        scene.monday,
        scene.monday + timedelta(days=3),
        relation=Relation.ADDS,
    )
    Circular.objects.filter(pk=draft.pk).update(status=Circular.Status.DRAFT, published_at=None)
    draft.refresh_from_db()
    Limit.objects.create(circular=draft, shape="away_count", value=1)
    found = impact.impact_of(draft)
    assert found.over_days == 1 and found.refused_days == 0
    (week,) = found.weeks
    assert week.over_days == [scene.monday]


def test_impact_query_count_does_not_grow_with_opds_or_staff(world, count_queries):
    from organizations.tests.factories import UnitFactory

    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25, exempt_roles=["treasurer"])
    small, found = count_queries(lambda: impact.impact_of(draft))
    assert found.over_days == 1
    for n in range(4):
        opd = UnitFactory(agency=world.agency, code=f"opd-{n}")
        people = add_staff(opd, 30, prefix=f"X{n}")
        store_week(opd, scene.monday, {p: [scene.monday] for p in people[:15]})
    add_staff(scene.opd, 40, prefix="Y")
    large, found = count_queries(lambda: impact.impact_of(draft))
    # Four new OPDs over the limit; the first OPD, now of 45, no longer is.
    assert found.over_days == 4
    assert large == small


# --- publishing applies it -----------------------------------------------------------------


def test_publishing_an_amendment_returns_the_week_and_releases_refused_days(world):
    scene = make_scene(world)
    keeper = world.other_head
    login = UserFactory(username="bendahara", language="en")  # the treasurer reads English
    scene.staff[1].user = login
    scene.staff[1].save(update_fields=["user"])
    draft = _amendment(scene, world, cap_percent=25, exempt_roles=["treasurer"])

    services.publish_circular(user=world.admin, circular=draft)

    roster = Roster.objects.get(pk=scene.roster.pk)
    assert roster.status == Roster.Status.DRAFT
    assert roster.was_returned
    assert f"SE {draft.number} mengubah SE {scene.circular.number}" in roster.return_comment
    assert "melebihi batas baru" in roster.return_comment
    assert "dikembalikan ke kantor (WFO)" in roster.return_comment
    # The treasurer's Tuesday went back to the office, through the writer (counter recounted).
    assert not Assignment.objects.filter(employee=scene.staff[1]).exists()
    assert DayCounter.objects.get(unit=scene.opd, day=scene.tuesday).away == 0
    # Monday is still over the new limit: the head must choose; the grid says so.
    grid = check_week(opd=scene.opd, week_start=scene.monday)
    assert [v.code for v in grid.errors] == [Code.CAP_EXCEEDED]
    # The head hears in Indonesian, the treasurer in English.
    head_note = Notification.objects.get(recipient=keeper, kind="rules_changed_roster")
    assert head_note.subject.startswith(f"Jadwal {scene.opd.short_name} berubah: SE {draft.number}")
    assert "dikembalikan menjadi draf" in head_note.body
    staff_note = Notification.objects.get(recipient=login, kind="rules_changed_roster")
    assert staff_note.subject == "1 of your days away is now WFO"
    assert "they must work at the office" in staff_note.body
    assert "SE " not in staff_note.subject


def test_publishing_a_draft_with_no_impact_leaves_the_weeks(world):
    scene = make_scene(world)
    draft = _amendment(scene, world)
    services.publish_circular(user=world.admin, circular=draft)
    roster = Roster.objects.get(pk=scene.roster.pk)
    assert roster.status == Roster.Status.SUBMITTED
    assert Assignment.objects.filter(roster=roster).count() == 3
    assert not Notification.objects.filter(kind="rules_changed_roster").exists()


def test_accepted_weeks_go_back_too_and_drafts_stay_drafts(world):
    scene = make_scene(world, status="accepted")
    draft = _amendment(scene, world, cap_percent=25)
    services.publish_circular(user=world.admin, circular=draft)
    assert Roster.objects.get(pk=scene.roster.pk).status == Roster.Status.DRAFT

    other = make_scene_draft_week(world, scene)
    assert other.status == Roster.Status.DRAFT


def make_scene_draft_week(world, scene):
    later = scene.monday + timedelta(weeks=1)
    Window.objects.filter(circular__status="published").update(end=later + timedelta(days=3))
    return store_week(scene.opd, later, {scene.staff[2]: [later]}, status="draft")


def test_a_failed_publish_changes_no_roster(world):
    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25)
    Window.objects.filter(circular=draft).delete()  # no window: publishing is refused
    with pytest.raises(Exception):  # noqa: B017 (ValidationError with field errors)
        services.publish_circular(user=world.admin, circular=draft)
    assert Roster.objects.get(pk=scene.roster.pk).status == Roster.Status.SUBMITTED


# --- the preview on the publish page -----------------------------------------------------------


def _publish_url(circular) -> str:
    return reverse("circulars:publish", args=[circular.pk])


def test_publish_page_shows_the_impact_numbers_first_then_the_detail(world, client_for):
    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25, exempt_roles=["treasurer"])
    body = client_for(world.admin).get(_publish_url(draft)).content.decode()
    totals = body.index('data-testid="impact-totals"')
    assert totals < body.index('data-testid="impact-detail"')
    assert 'data-testid="impact-over">1<' in body
    assert 'data-testid="impact-refused">1<' in body
    assert 'data-testid="impact-handed-in">1<' in body
    assert "hari melebihi batas baru" in body
    assert "sebagai bendahara wajib bekerja di kantor" in body
    assert f"minggu {scene.roster.iso_week}" in body
    assert "Diajukan: akan dikembalikan" in body


def test_publish_page_in_english(world, client_for):
    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25)
    client = client_for(world.admin)
    client.cookies["django_language"] = "en"
    body = client.get(_publish_url(draft), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "days over the new limit" in body
    assert "more than the limit of 1" in body


def test_publish_page_says_when_nothing_changes(world, client_for):
    scene = make_scene(world)
    draft = _amendment(scene, world)
    body = client_for(world.admin).get(_publish_url(draft)).content.decode()
    assert 'data-testid="impact-none"' in body


@pytest.mark.parametrize("actor", ["other_admin", "head", "employee_user"])
def test_others_cannot_see_the_impact(world, client_for, actor):
    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25)
    response = client_for(getattr(world, actor)).get(_publish_url(draft))
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(world, client_for):
    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25)
    response = client_for(None).get(_publish_url(draft))
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


def test_publish_page_query_count_does_not_grow(world, client_for, count_queries):
    from organizations.tests.factories import UnitFactory

    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25)
    client = client_for(world.admin)
    small, _r = count_queries(lambda: client.get(_publish_url(draft)))
    for n in range(3):
        opd = UnitFactory(agency=world.agency, code=f"opd-{n}")
        people = add_staff(opd, 20, prefix=f"X{n}")
        store_week(opd, scene.monday, {p: [scene.monday] for p in people[:10]})
    large, response = count_queries(lambda: client.get(_publish_url(draft)))
    body = response.content.decode()
    assert 'data-testid="impact-over">4<' in body, body[body.find("impact-totals") :][:900]
    assert large == small


def test_a_child_that_lowers_its_parents_office_minimum_is_refused_in_words(world):
    from circulars.tests.circular_builders import make_draft
    from organizations.tests.factories import AgencyFactory

    province = AgencyFactory(code="prov", level="province")
    world.agency.parent = province
    world.agency.save(update_fields=["parent"])
    monday = make_scene(world).monday
    parent = published(
        province, "SE/PROV/1", monday, monday + timedelta(days=3), applies_to_subordinates=True
    )
    Limit.objects.create(circular=parent, shape="stay_share", value=50)
    with pytest.raises(ValidationError) as refused:
        make_draft(
            world, windows=[(monday, monday + timedelta(days=1))], parent=parent, cap_percent=60
        )
    (message,) = refused.value.message_dict["limits"]
    assert "SE induk SE/PROV/1 menetapkan batas" in message
    assert "Paling sedikit 50% pegawai tetap di kantor" in message


def test_a_drafts_page_shows_its_impact_to_its_admin_only(world, client_for):
    scene = make_scene(world)
    draft = _amendment(scene, world, cap_percent=25)
    url = reverse("circulars:detail", args=[draft.pk])
    body = client_for(world.admin).get(url).content.decode()
    assert 'data-testid="impact-over">1<' in body
    published_page = reverse("circulars:detail", args=[scene.circular.pk])
    assert (
        'data-testid="impact"' not in client_for(world.admin).get(published_page).content.decode()
    )
    assert client_for(world.head).get(url).status_code == 404


# (case, week status, amendment, week status after, days left away, comment words, head's
#  notice in Indonesian, the same in English)
APPLY = [
    (
        "submitted, over the new limit",
        "submitted",
        {"cap_percent": 25},
        "draft",
        3,
        "1 hari melebihi batas baru",
        "melebihi batas pada",
        "over the limit on",
    ),
    (
        "accepted, a treasurer refused",
        "accepted",
        {"exempt_roles": ["treasurer"]},
        "draft",
        2,
        "1 hari di luar kantor dikembalikan ke kantor (WFO)",
        "1 hari di luar kantor menjadi WFO",
        "1 day away is now WFO",
    ),
    (
        "draft, only pelaksana",
        "draft",
        {"eligible_job_types": ["pelaksana"]},
        "draft",
        2,
        "",
        "1 hari di luar kantor menjadi WFO",
        "1 day away is now WFO",
    ),
]


@pytest.mark.parametrize(
    ("status", "changes", "after", "left", "comment", "words_id", "words_en"),
    [case[1:] for case in APPLY],
    ids=[case[0] for case in APPLY],
)
def test_publishing_applies_the_impact(
    world, status, changes, after, left, comment, words_id, words_en
):
    scene = make_scene(world, status=status)
    english_operator = world.operator
    english_operator.language = "en"
    english_operator.save(update_fields=["language"])
    from organizations.tests.factories import RoleFactory

    RoleFactory(user=english_operator, kind="operator", unit=scene.opd)
    draft = _amendment(scene, world, **changes)
    services.publish_circular(user=world.admin, circular=draft)

    roster = Roster.objects.get(pk=scene.roster.pk)
    assert roster.status == after
    assert Assignment.objects.filter(roster=roster).count() == left
    if comment:
        assert comment in roster.return_comment
    else:
        assert roster.return_comment == ""  # a draft is not "returned"
    head = Notification.objects.get(recipient=world.other_head, kind="rules_changed_roster")
    assert words_id in head.body
    operator = Notification.objects.get(recipient=english_operator, kind="rules_changed_roster")
    assert words_en in operator.body
    assert operator.subject.startswith(f"The {scene.opd.short_name} roster changed: circular")
