from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, path, re_path

from sigap.api.main import api, method_not_allowed, unknown_endpoint


def _answers_a_wrong_method_in_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    # django-ninja answers a method an endpoint lacks with its own English text/html "Method not allowed"; the
    # client gets the API's error shape in its language instead, with the Allow header kept.
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return method_not_allowed(request, response["Allow"])
        return response

    return wrapper


def _ninja_urls() -> tuple[list[URLResolver | URLPattern], str, str]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.callback is not None:
            pattern.callback = _answers_a_wrong_method_in_json(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    # The root answers like any unknown path (django-ninja's own root view is an HTML 404 it only reverses).
    path("", unknown_endpoint, name="root"),
    path("", _ninja_urls()),
    # Last: any other path under /api/v1/ is a JSON 404 in the client's language, never the HTML page.
    re_path(r"^.*$", unknown_endpoint, name="unknown"),
]
