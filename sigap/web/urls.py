from django.urls import path

from sigap.core.middleware import no_store
from sigap.web import guide_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("lapor/", views.report_form, name="report"),
    path("panduan/", guide_views.guides, name="guides"),
    path("panduan/<slug:role>/", guide_views.guide, name="guide"),
    path("lapor/terkirim/<str:tracking_id>/<str:token>", no_store(views.submitted), name="submitted"),
    path("lapor/ikuti/<str:tracking_id>", views.follow, name="follow"),
    path("lapor/ikuti/<str:tracking_id>/konfirmasi/<str:token>", no_store(views.follow_confirm),
         name="follow_confirm"),
    path("lapor/dukung/<str:tracking_id>", views.support, name="support"),
    path("lapor/dukung/<str:tracking_id>/konfirmasi/<str:token>", no_store(views.support_confirm),
         name="support_confirm"),
    path("lacak/<str:tracking_id>", views.track, name="track"),
    path("lacak/<str:tracking_id>/foto/<int:photo_id>", views.photo, name="photo"),
    # The reporter's secret link (docs/adr/0002-reporter-link-and-access.md): never kept by a browser or a cache.
    path("lacak/<str:tracking_id>/pelapor/<str:token>", no_store(views.reporter), name="reporter"),
    path("lacak/<str:tracking_id>/pelapor/<str:token>/foto/<int:photo_id>", no_store(views.photo),
         name="reporter_photo"),
    path("lacak/<str:tracking_id>/pelapor/<str:token>/<str:action>", no_store(views.reporter_action),
         name="reporter_action"),
]
