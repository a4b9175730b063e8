from django.urls import path

from sigap.dashboard import queue_export, views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("laporan-bulanan/", views.monthly_report, name="monthly"),
    path("ekspor/antrian/", queue_export.queue_export, name="queue_export"),
]
