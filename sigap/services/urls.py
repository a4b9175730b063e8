from django.urls import path

from sigap.services.views import counter, public

app_name = "services"
urlpatterns = [
    path("", public.catalogue, name="catalogue"),
    path("loket/", counter.counter, name="counter"),
    path("kepatuhan/", counter.compliance_page, name="compliance"),
    path("loket/<str:tracking_id>", counter.request_detail, name="request"),
    path("loket/<str:tracking_id>/langkah", counter.step, name="step"),
    path("lacak/<str:tracking_id>", public.track, name="track"),
    path("<slug:code>", public.service_page, name="service"),
    path("<slug:code>/ajukan", public.apply_online, name="apply"),
]
