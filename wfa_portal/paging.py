"""One way to page a list that grows with staff: a page of rows and the other filters.

Two queries whatever the length of the list (a count and the page's rows). The
template ``includes/pager.html`` draws the links, keeping every filter of the
address but the page number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


@dataclass
class Paged:
    page: Page
    query: str  # the request's other parameters, urlencoded, without ``page``

    @property
    def rows(self) -> list:
        return list(self.page.object_list)


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE) -> Paged:
    """The page of ``items`` the request asks for (a bad or too high number: the nearest)."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return Paged(page=page, query=query.urlencode())
