"""The JSON API. Each area adds its router here; errors always take the shape {"errors": [...]}."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sigap.core.errors import ActionError

api = NinjaAPI(
    title="Sigap API",
    version="1",
    description="Reports, reference data and staff actions of Sigap. Times are ISO 8601 with +08:00 (WITA).",
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
                      "message": str(detail.get("msg", "Invalid value."))})
    return _errors(request, 422, items)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _errors(request, 401, [{"field": None, "code": "unauthorized", "message": "Bearer token required."}])


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return _errors(request, error.status_code, [{"field": None, "code": "http_error", "message": str(error)}])

from sigap.api.public import router as public_router  # noqa: E402

api.add_router("", public_router)

from sigap.api.open_data import router as open_data_router  # noqa: E402

api.add_router("", open_data_router)

from sigap.api.staff import router as staff_router  # noqa: E402

api.add_router("", staff_router)

from sigap.services.api import router as services_router  # noqa: E402

api.add_router("", services_router)
