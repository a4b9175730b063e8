from django.urls import path

from sigap.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("laporan-bulanan/", views.monthly_report, name="monthly"),
]
