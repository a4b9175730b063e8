from django.urls import path

from sigap.api.main import api

urlpatterns = [path("", api.urls)]
