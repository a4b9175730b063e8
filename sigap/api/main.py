"""The JSON API. Each area adds its router here; errors always take the shape {"errors": [...]}."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sigap.api import messages
from sigap.core.errors import ActionError

api = NinjaAPI(
    title="Sigap API",
    version="1",
    description=f"Reports, reference data and staff actions of Sigap {settings.SIGAP_CITY_NAME}. Times are ISO 8601 "
    f"in local time with its offset ({settings.SIGAP_TIME_ZONE_LABEL}, {settings.TIME_ZONE}).",
    urls_namespace="api",
)


def _errors(request: HttpRequest, status: int, items: Sequence[Mapping[str, object]]) -> HttpResponse:
    return api.create_response(request, {"errors": list(items)}, status=status)


@api.exception_handler(ActionError)
def on_action_error(request: HttpRequest, error: ActionError) -> HttpResponse:
    return _errors(request, error.status_code, [error.as_dict()])


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    items = []
    for detail in error.errors:
        location = [str(part) for part in detail.get("loc", []) if part not in ("body", "query", "path", "form")]
        items.append({"field": ".".join(location) or None, "code": str(detail.get("type", "invalid")),
                      "message": messages.validation_message(detail)})
    return _errors(request, 422, items)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _errors(request, 401, [{"field": None, "code": "unauthorized", "message": messages.auth_required()}])


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # django-ninja's own HttpErrors carry English text (e.g. "Cannot parse request body"); say it in ours.
    message = messages.unparsable_body() if error.status_code == 400 else str(error)
    return _errors(request, error.status_code, [{"field": None, "code": "http_error", "message": message}])


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _errors(request, 404, [{"field": None, "code": "not_found", "message": messages.not_found()}])

@csrf_exempt  # a POST to a mistyped path deserves the same JSON 404, not the CSRF page
def unknown_endpoint(request: HttpRequest) -> HttpResponse:
    """Any path under /api/v1/ that names no endpoint (a plain Django view: ninja answers only its own paths)."""
    return JsonResponse({"errors": [{"field": None, "code": "not_found", "message": messages.unknown_path()}]},
                        status=404)


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    """An endpoint asked with a method it does not take: the API's error shape, and the methods it does take."""
    response = JsonResponse({"errors": [{"field": None, "code": "method_not_allowed",
                                         "message": messages.method_not_allowed(request.method or "", allowed)}]},
                            status=405)
    response["Allow"] = allowed
    return response


from sigap.api.public import router as public_router  # noqa: E402

api.add_router("", public_router)

from sigap.api.open_data import router as open_data_router  # noqa: E402

api.add_router("", open_data_router)

from sigap.api.staff import router as staff_router  # noqa: E402

api.add_router("", staff_router)

from sigap.services.api import router as services_router  # noqa: E402

api.add_router("", services_router)
