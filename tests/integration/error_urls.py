"""The project's URLs plus one view that breaks, so the 500 page can be seen the way a person would see it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("something broke")


urlpatterns = [
    path("rusak", broken),
    path("", include("config.urls")),
]
