from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from wfa_portal.converters import parse_id

from . import services
from .access import notification_for, notifications_for
from .forms import EmailPreferenceForm

PAGE_SIZE = 20


@require_GET
@login_required
def inbox(request):
    """The login's notifications, newest first, with the e-mail preferences form."""
    page = Paginator(notifications_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    form = EmailPreferenceForm(initial=services.email_preferences(request.user))
    return render(request, "notifications/inbox.html", {"page": page, "form": form})


@require_POST
@login_required
def mark_read(request, notification_id: int):
    """Mark one read; with ``open`` go on to the notification's own page."""
    notification = notification_for(request.user, notification_id)
    services.mark_read(notification=notification)
    if request.POST.get("open") and _is_local(request, notification.link):
        return redirect(notification.link)
    return redirect(_back_to_inbox(request))


@require_POST
@login_required
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    text = ngettext(
        "%(count)d notifikasi ditandai sudah dibaca.",
        "%(count)d notifikasi ditandai sudah dibaca.",
        count,
    )
    messages.success(request, text % {"count": count})
    return redirect("notifications:inbox")


@require_POST
@login_required
def preferences(request):
    form = EmailPreferenceForm(request.POST)
    if form.is_valid():
        services.set_email_preferences(user=request.user, enabled=form.enabled())
        messages.success(request, _("Preferensi e-mail disimpan."))
    return redirect("notifications:inbox")


def _is_local(request, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def _back_to_inbox(request) -> str:
    url = reverse("notifications:inbox")
    page = parse_id(request.POST.get("page", ""))
    return f"{url}?page={page}" if page else url
