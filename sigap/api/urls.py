from django.urls import path, re_path

from sigap.api.main import api, unknown_endpoint

urlpatterns = [
    # The root answers like any unknown path (django-ninja's own root view is an HTML 404 it only reverses).
    path("", unknown_endpoint, name="root"),
    path("", api.urls),
    # Last: any other path under /api/v1/ is a JSON 404 in the client's language, never the HTML page.
    re_path(r"^.*$", unknown_endpoint, name="unknown"),
]
