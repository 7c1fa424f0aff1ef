"""The framed pages (wfa_portal/shell.py) are exactly the pages the template engine
renders whole: "Jadwal saya", the roster grid and the dashboard, each with a message
waiting, an unread notification and in both languages, served from the frame's memo
the second time; only the masked CSRF tokens differ from one response to the next."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import MessageEncoder
from django.shortcuts import render
from django.urls import reverse

from notifications.models import Notification
from schedules.tests.employee_support import coming_circular, staff_opd
from schedules.tests.support import WEEK, publish_circular
from tests.clients import logged_in
from wfa_portal import shell
from wfa_portal.fragments import page_context
from wfa_portal.isoweek import format_week

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def whole(request, template, *, frame=None, **bodies):
    """The page as ``render`` answers it: the template engine over the whole template."""
    context = {**(frame or {}), **page_context(request, **bodies)}
    return render(request, template, context)


def visit(user, path: str, *, language: str, message: str) -> str:
    client = logged_in(user)
    client.cookies["django_language"] = language
    session = client.session
    session["_messages"] = MessageEncoder().encode([Message(constants.SUCCESS, message)])
    session.save()
    response = client.get(path)
    assert response.status_code == 200
    return TOKEN.sub(r"\1<token>", response.content.decode())


def pages(world):
    """(login, path, module whose view frames the page, a text of its body)."""
    from monitoring import views as monitoring_views
    from schedules.requests import views as request_views
    from schedules.roster import views as roster_views

    staff_opd(world)
    coming = coming_circular(world.agency)
    grid = reverse("roster:week", args=[world.opd.pk, format_week(WEEK)])
    dashboard = reverse("monitoring:dashboard", args=[world.agency.pk, coming.pk])
    return [
        (world.employee_user, reverse("requests:my_days"), request_views, world.opd.name),
        (world.head, grid, roster_views, world.colleague.name),
        (world.admin, dashboard, monitoring_views, world.opd.name),
    ]


@pytest.mark.parametrize("language", ["id", "en"])
def test_each_framed_page_is_the_page_rendered_whole(world, shared_cache, monkeypatch, language):
    publish_circular(world.agency, number="800/GRID/2025")
    for user in (world.employee_user, world.head, world.admin):
        Notification.objects.create(
            recipient=user, kind="roster_returned", event_key=f"k{user.pk}", subject="s", body="b"
        )
    for user, path, module, text in pages(world):
        shell._MEMO.clear()
        framed = [visit(user, path, language=language, message=f"Tersimpan <{user.pk}>")]
        framed.append(visit(user, path, language=language, message=f"Tersimpan <{user.pk}>"))
        assert len(shell._MEMO) == 1, path  # both visits share one frame
        with monkeypatch.context() as patched:
            patched.setattr(module, "render_framed", whole)
            plain = visit(user, path, language=language, message=f"Tersimpan <{user.pk}>")
        assert framed[0] == framed[1] == plain, path
        assert text in plain
        assert f"Tersimpan &lt;{user.pk}&gt;" in plain  # the message, escaped
        assert 'data-testid="unread-count"' in plain, path
        assert "<!--wfa:" not in plain
        assert ('lang="en"' if language == "en" else 'lang="id"') in plain


def test_a_name_or_a_message_cannot_forge_a_mark(world, shared_cache):
    """Text shown on the page with the marks' spelling stays text (escaped)."""
    world.employee_user.first_name = "<!--wfa:shell:navbar-->"
    world.employee_user.save()
    staff_opd(world)
    coming_circular(world.agency)
    page = visit(
        world.employee_user,
        reverse("requests:my_days"),
        language="id",
        message="<!--wfa:body:body--> <!--wfa:csrf-->",
    )
    assert "&lt;!--wfa:shell:navbar--&gt;" in page
    assert "&lt;!--wfa:body:body--&gt; &lt;!--wfa:csrf--&gt;" in page
    assert "<!--wfa:" not in page


def test_the_frame_of_each_week_and_language_is_its_own(world, shared_cache):
    """The title names the OPD and the week: two weeks, two frames (and two languages)."""
    publish_circular(world.agency, number="800/GRID/2025")
    shell._MEMO.clear()
    for language, title_of in (("id", "Jadwal {} {}"), ("en", "{} roster {}")):
        for week in (WEEK, WEEK + timedelta(days=7)):
            iso = format_week(week)
            path = reverse("roster:week", args=[world.opd.pk, iso])
            page = visit(world.head, path, language=language, message="ok")
            title = re.search(r"<title>([^<]*)</title>", page).group(1)
            assert title.startswith(title_of.format(world.opd.short_name, iso)), title
    assert len(shell._MEMO) == 4
