from django.urls import path

from sigap.chain import views

app_name = "chain"
urlpatterns = [
    path("", views.health, name="health"),
    path("pengumuman/baru", views.announce, name="announce"),
    path("terima/<str:token>", views.acknowledge, name="acknowledge"),
]
