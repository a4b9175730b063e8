from django.urls import path

from sigap.dashboard import public_views

app_name = "transparansi"
urlpatterns = [
    path("", public_views.city, name="city"),
    path("unit/<path:code>/", public_views.unit, name="unit"),
]
