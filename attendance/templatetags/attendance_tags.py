"""Small template hooks of attendance: finding badges, and the duty on pages of other apps
(the circular's detail and PDF, the employee's days) at one query each."""

from __future__ import annotations

from django import template

from ..models import AttendanceDuty
from ..selectors import finding_words

register = template.Library()


@register.inclusion_tag("attendance/_findings.html")
def finding_badges(codes: list[str]) -> dict:
    return {"findings": finding_words(codes)}


@register.inclusion_tag("attendance/_findings.html")
def finding_badge_list(findings: list[tuple[str, str, bool]]) -> dict:
    return {"findings": findings}


@register.simple_tag
def attendance_duty(circular) -> AttendanceDuty | None:
    """The circular's attendance duty, or None (one query)."""
    if circular is None or not getattr(circular, "pk", None):
        return None
    return AttendanceDuty.objects.filter(circular_id=circular.pk).first()


@register.simple_tag
def duty_of_days(days) -> AttendanceDuty | None:
    """The duty of today's governing circular among the employee's days (one query)."""
    today = next((d for d in days if d.is_today and d.circular is not None), None)
    if today is None:
        return None
    return AttendanceDuty.objects.filter(circular_id=today.circular.pk).first()
