from django.urls import path

from sigap.lapor import views

app_name = "lapor"
urlpatterns = [
    path("", views.exchange, name="exchange"),
    path("unduh", views.download, name="download"),
]
