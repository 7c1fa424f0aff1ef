"""Template filters for the portal's one date format (see ``organizations.dates``).

Loaded everywhere as a builtin (settings.TEMPLATES): ``{{ day|long_date }}``.
"""

from django import template

from organizations import dates

register = template.Library()

register.filter("long_date", dates.long_date)
register.filter("long_day", dates.long_day)
register.filter("long_datetime", dates.long_datetime)
