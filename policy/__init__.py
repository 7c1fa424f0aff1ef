"""The policy engine: one pure package (no Django) that says what governs an
employee on a day and answers every question about it.

- ``values``: the plain values (a day's policy, a staff member, a cell, a violation);
  ``DayPolicy`` answers is the day open, the limit for a headcount, who is
  barred and why, and the modes allowed.
- ``limits``: every cap arithmetic.
- ``eligibility``: who may not be away, each reason with a stable code and its
  message in Indonesian and English.
- ``check``: the roster rules; ``planner``: the fair rotation; ``texts``: the words.

``circulars.governing`` turns database rows into these values; nothing outside
this package computes a limit, an open day or a bar (``tests/test_boundaries.py``).
"""
