from django.urls import path

from sigap.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("lacak/<str:tracking_id>", views.track, name="track"),
    path("lacak/<str:tracking_id>/pelapor/<str:token>", views.reporter, name="reporter"),
]
