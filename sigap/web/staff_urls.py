from django.urls import path

from sigap.web.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("laporan/<str:tracking_id>", views.report_page, name="report"),
    path("laporan/<str:tracking_id>/aksi/<str:action>", views.act, name="act"),
    path("laporan/<str:tracking_id>/identitas", views.reveal_identity, name="identity"),
    path("laporan/<str:tracking_id>/foto/<int:photo_id>", views.photo, name="photo"),
]
