"""Chain pages: health (Sekda, Camat, Lurah), sending an announcement, acknowledging by a signed link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sigap.chain.access import chain_roots_for, may_see_chain, root_visible_to
from sigap.chain.actions import acknowledge_delivery, send_announcement
from sigap.chain.actions.announce import units_announcer_may_use
from sigap.chain.forms import AnnouncementForm, PeriodForm
from sigap.chain.models import Delivery
from sigap.chain.notify import delivery_id_from_token
from sigap.chain.queries import chain_health
from sigap.core.errors import ActionError, Forbidden
from sigap.organization.models import Unit


@login_required
def health(request: HttpRequest) -> HttpResponse:
    if not may_see_chain(request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    days, code = 30, None
    if form.is_valid():
        days = form.cleaned_data["days"] or 30
        code = form.cleaned_data["unit"] or None
    root = root_visible_to(request.user, code)
    roots = chain_roots_for(request.user)
    choices = roots if roots is not None else list(Unit.objects.filter(kind__in=["kecamatan", "kelurahan"])
                                                   .order_by("path"))
    data = chain_health(root=root, now=timezone.now(), days=days)
    return render(request, "chain/health.html", {"health": data, "days": days, "choices": choices,
                                                  "may_announce": bool(units_announcer_may_use(request.user))})


@login_required
@require_http_methods(["GET", "POST"])
def announce(request: HttpRequest) -> HttpResponse:
    units = units_announcer_may_use(request.user)
    if not units:
        raise PermissionDenied
    choices = [(unit.code, str(unit)) for unit in units]
    form = AnnouncementForm(request.POST or None, units=choices)
    if request.method == "POST" and form.is_valid():
        origin = Unit.objects.get(code=form.cleaned_data["origin_unit"])
        try:
            announcement = send_announcement(
                by=request.user, origin_unit=origin, title=form.cleaned_data["title"],
                body=form.cleaned_data["body"], is_drill=form.cleaned_data["is_drill"],
                include_residents=form.cleaned_data["include_residents"],
            )
        except Forbidden as error:
            raise PermissionDenied(error.message) from error
        except ActionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            count = announcement.deliveries.count()
            messages.success(request, _("Sent to %(count)d people. Acknowledgements appear below as they come.")
                             % {"count": count})
            return HttpResponseRedirect(f"{reverse('chain:health')}?unit={origin.code}")
    status = 422 if request.method == "POST" else 200
    return render(request, "chain/announce.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the message: whoever holds it is the recipient (it is signed and names one delivery)."""
    delivery_id = delivery_id_from_token(token)
    delivery = (Delivery.objects.select_related("announcement", "announcement__origin_unit", "unit")
                .filter(pk=delivery_id).first() if delivery_id else None)
    if delivery is None:
        raise Http404
    new = None
    if request.method == "POST":
        new = acknowledge_delivery(delivery=delivery, by=None, via="web", now=timezone.now())
        delivery.refresh_from_db()
    return render(request, "chain/acknowledge.html", {"delivery": delivery, "new": new})
