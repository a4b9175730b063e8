"""'Saya juga mengalami ini': supporting an open report on the web instead of filing the same problem again.

The pages mirror following (intake_views.follow): the action counts the client, confirms nothing typed on a form, and
answers the same whether or not an address already supported the report (docs/adr/0016-support.md)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sigap.core.errors import ActionError, NotFound
from sigap.core.phone import clean_phone
from sigap.core.ratelimit import client_address
from sigap.reports import actions
from sigap.reports.access import get_public_report
from sigap.reports.queries import support_count
from sigap.web.forms import ContactForm


def support(request: HttpRequest, tracking_id: str) -> HttpResponse:
    try:
        report = get_public_report(tracking_id)
        actions.check_supportable(report)
    except NotFound as error:
        raise Http404(str(error)) from error
    except ActionError as error:  # finished or awaiting its reporter: say so at once, ask for nothing
        return render(request, "web/support.html", {"report": report, "refused": error.message},
                      status=400 if request.method == "POST" else 200)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phone = clean_phone(form.cleaned_data.get("phone") or "", field="reporter.phone")
            email = form.cleaned_data.get("email") or ""
            actions.support_report(report=report, phone=phone, email=email, client_address=client_address(request))
        except ActionError as error:
            form.add_error("phone" if (error.field or "").endswith("phone") else None, error.message)
        else:
            return render(request, "web/supported.html", {"report": report, "phone": bool(phone),
                                                          "email": bool(email)})
    return render(request, "web/support.html", {"report": report, "form": form,
                                                "support_count": support_count(report)},
                  status=400 if form.errors else 200)


def support_confirm(request: HttpRequest, tracking_id: str, token: str) -> HttpResponse:
    """The link in a supporter's confirmation e-mail. Opening it changes nothing (mail scanners open links)."""
    try:
        report = get_public_report(tracking_id)
    except NotFound as error:
        raise Http404(str(error)) from error
    error_message = ""
    if request.method == "POST":
        try:
            actions.confirm_follow(report=report, token=token)  # one confirmation for follows and supports
        except ActionError as error:
            error_message = error.message
        else:
            return render(request, "web/supported.html", {"report": report, "confirmed": True})
    return render(request, "web/support_confirm.html", {"report": report, "error": error_message},
                  status=400 if error_message else 200)
