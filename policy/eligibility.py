"""Who may not be away under a day's policy, and why.

Pure Python. Each reason is a ``Bar`` with a stable code (``values.Code``) and
its message in Indonesian and English, ready to follow "cannot work away on
<day>: ". ``is_barred`` answers the same question without building messages,
for the hot paths of the rules and the planner.

Reasons, in the order they are reported:

- EXEMPT_ROLE: the member holds a role the circular keeps at the office
  (treasurer, supervisor, activity leader...).
- PERMISSION_REVOKED: the member's permission to work away under a circular
  that governs the day (any of ``DayPolicy.applied_ids``) was revoked and not
  reinstated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policy.texts import BAR_TEXTS, circular_names, role_names
from policy.values import Code

if TYPE_CHECKING:
    from policy.values import DayPolicy, StaffMember

__all__ = ["Bar", "bar_key", "barred_ids", "bars", "is_barred"]


@dataclass(frozen=True, slots=True)
class Bar:
    """One reason a member may not be away: a stable code and a clause in both languages."""

    code: Code
    message_id: str  # Indonesian, e.g. "sebagai bendahara wajib bekerja di kantor menurut ..."
    message_en: str
    detail: tuple[str, ...] = ()  # what the reason names: the roles, for EXEMPT_ROLE

    def message(self, language: str) -> str:
        return self.message_en if language.startswith("en") else self.message_id


def bar_key(policy: DayPolicy) -> tuple[object, ...]:
    """What of a policy the bars depend on: policies with equal keys bar the same staff."""
    return (policy.exempt_roles, policy.applied_ids())


def is_barred(policy: DayPolicy, member: StaffMember) -> bool:
    """Whether any reason of ``bars`` applies (no messages built)."""
    return _barred_test(policy)(member)


def barred_ids(policy: DayPolicy, members: Iterable[StaffMember]) -> frozenset[int]:
    """The ids of the members ``is_barred`` names: one pass, for the rules and the planner."""
    test = _barred_test(policy)
    return frozenset(m.employee_id for m in members if test(m))


def _barred_test(policy: DayPolicy) -> Callable[[StaffMember], bool]:
    roles, applied = policy.exempt_roles, policy.applied_ids()

    def test(member: StaffMember) -> bool:
        return bool(member.roles & roles) or not applied.isdisjoint(member.revoked_circular_ids)

    return test


def bars(policy: DayPolicy, member: StaffMember) -> tuple[Bar, ...]:
    """Every reason the member may not be away under the policy, in a fixed order."""
    if not is_barred(policy, member):
        return ()
    circ = circular_names(policy.circular_number)
    found = []
    if roles := tuple(sorted(member.roles & policy.exempt_roles)):
        found.append(_bar(Code.EXEMPT_ROLE, circ | role_names(roles), detail=roles))
    if revoked := policy.applied_ids() & member.revoked_circular_ids:
        number = _number_of(policy, min(revoked))
        found.append(_bar(Code.PERMISSION_REVOKED, circular_names(number)))
    return tuple(found)


def _number_of(policy: DayPolicy, circular_id: int) -> str:
    numbers = dict(zip(policy.circular_ids, policy.circular_numbers, strict=False))
    return numbers.get(circular_id, policy.circular_number)


def _bar(code: Code, fields: dict[str, str], *, detail: tuple[str, ...] = ()) -> Bar:
    text_id, text_en = BAR_TEXTS[code]
    return Bar(code, text_id.format(**fields), text_en.format(**fields), detail)
