"""GeoReport v2 endpoints: thin views over the Open311 parsers, queries and the common intake action."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sigap.core.errors import ActionError, NotFound
from sigap.core.ratelimit import client_address
from sigap.core.refused_input import refuses_input_with
from sigap.open311 import conf, render, services
from sigap.open311.actions import Filed311, file_request, key_for, post_update
from sigap.open311.intake import parse_filing
from sigap.open311.queries import RequestFilter, find_requests, parse_filter, parse_moment, wants_extensions
from sigap.open311.updates import add_history, find_updates, parse_update_window, update_id
from sigap.reports.access import public_reports
from sigap.reports.idempotency import HEADER, REPLAYED, KeyReused
from sigap.reports.notify import tracking_url

View = Callable[..., HttpResponse]


def _status(error: ActionError) -> int:
    # The spec knows 400, 403 and 404; a refused value (422 elsewhere in Sigap) is a 400 here. A reused
    # Idempotency-Key (an extension of the spec) answers 422 as on the JSON API, so one client library serves both.
    if isinstance(error, KeyReused):
        return 422
    return error.status_code if error.status_code in (403, 404, 429) else 400


def _refused(request: HttpRequest, message: str, kwargs: dict[str, Any]) -> HttpResponse:
    return render.errors(kwargs.get("fmt", "json"), 400, message)


def open311_view(view: View) -> View:
    """Checks the jurisdiction and turns every refusal into the spec's error list in the requested format."""

    @refuses_input_with(_refused)
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            given = request.GET.get("jurisdiction_id", "") or (
                request.POST.get("jurisdiction_id", "") if request.method == "POST" else "")
            if given.strip() and given.strip() != conf.jurisdiction():
                raise NotFound(_("Unknown jurisdiction_id."), field="jurisdiction_id")
            response = view(request, *args, fmt=fmt, **kwargs)
        except ActionError as error:
            return render.errors(fmt, _status(error), error.message)
        except (RequestDataTooBig, TooManyFieldsSent):
            return render.errors(fmt, 400, _("The request is too large."))
        if isinstance(response, HttpResponseNotAllowed):
            # The method check sits inside this wrapper so that a wrong method gets the spec's error list in the
            # client's language too (Django's own 405 has an empty body), with the Allow header kept.
            refused = render.errors(fmt, 405, _("This address does not accept %(method)s; it accepts %(allowed)s.")
                                    % {"method": request.method, "allowed": response["Allow"]})
            refused["Allow"] = response["Allow"]
            return refused
        return response

    return wrapper


@open311_view
@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt})).rsplit("/", 1)[0] + "/"
    return render.respond(fmt, {
        "changeset": conf.changeset(),
        "contact": conf.contact(),
        "key_service": _("Ask the city's complaint administrators for an api_key for your app."),
        "endpoints": [{
            "specification": conf.SPEC_URL,
            "url": base,
            "changeset": conf.changeset(),
            "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    }, root="discovery")


@open311_view
@require_GET
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return render.respond(fmt, [services.service_entry(row) for row in services.active_categories()],
                          root="services", item="service")


@open311_view
@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = services.find_service(code)
    if category is None:
        raise NotFound(_("Unknown service_code."), field="service_code")
    return render.respond(fmt, services.definition(category), root="service_definition")


@csrf_exempt  # API clients post with an api_key, not a browser session
@open311_view
@require_http_methods(["GET", "POST"])
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _file(request, fmt)
    spec = parse_filter(request.GET, now=timezone.now())
    found = find_requests(spec)
    return render.respond(fmt, add_history(found) if spec.extensions else found, root="service_requests",
                          item="request")


def _file(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = key_for(request.GET.get("api_key", "") or request.POST.get("api_key", ""))
    filing = parse_filing(request.POST)
    return _answer(fmt, file_request(api_key=api_key, draft=filing.draft, address=client_address(request),
                                     media_url=filing.media_url, idempotency_key=request.headers.get(HEADER)))


def _answer(fmt: str, filed: Filed311) -> HttpResponse:
    response = render.respond(fmt, [{
        "service_request_id": filed.report.tracking_id,
        "token": filed.submission.token,
        "service_notice": _("Follow this report at %(url)s") % {"url": tracking_url(filed.report)},
        "account_id": None,
    }], root="service_requests", item="request")
    if filed.replayed:
        response[REPLAYED] = "true"
    return response


@open311_view
@require_GET
def service_request(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    extensions = wants_extensions(request.GET)
    found = find_requests(RequestFilter(ids=(request_id,), page_size=1, extensions=extensions))
    if not found:
        raise NotFound(_("Unknown service_request_id."), field="service_request_id")
    return render.respond(fmt, add_history(found) if extensions else found, root="service_requests",
                          item="request")


@open311_view
@require_GET
def request_token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    tracking_id = public_reports().filter(open311__token=token).values_list("tracking_id", flat=True).first()
    if tracking_id is None:
        raise NotFound(_("Unknown token."), field="token")
    return render.respond(fmt, [{"service_request_id": tracking_id, "token": token}], root="service_requests",
                          item="request")


@csrf_exempt  # API clients post with an api_key, not a browser session
@open311_view
@require_http_methods(["GET", "POST"])
def service_request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """mySociety's extension: the public updates in a date window, or a client app's update on a request."""
    if request.method == "POST":
        return _post_update(request, fmt)
    window = parse_update_window(request.GET, now=timezone.now())
    return render.respond(fmt, find_updates(window), root="service_requests_updates", item="request_update")


def _post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = key_for(request.GET.get("api_key", "") or request.POST.get("api_key", ""))
    form = request.POST
    if form.get("updated_datetime", "").strip():  # when the client says it happened; checked, not trusted
        parse_moment(form["updated_datetime"].strip(), "updated_datetime")
    # FixMyStreet sends its own comment id as update_id, or update_id_ext in its extended mode. `status` and the
    # commenter's name, e-mail and media_url are not used: a client never moves a report, and Sigap keeps no
    # identity for a comment it cannot check.
    posted = post_update(api_key=api_key, tracking_id=form.get("service_request_id", ""),
                         client_update_id=form.get("update_id", "") or form.get("update_id_ext", ""),
                         description=form.get("description", ""))
    event = posted.update.event
    response = render.respond(fmt, [{"update_id": update_id(posted.update.report.tracking_id, event.seq)}],
                              root="service_request_updates", item="request_update")
    if posted.replayed:
        response[REPLAYED] = "true"
    return response
