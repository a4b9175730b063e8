from django.urls import path

from sigap.core.middleware import no_store
from sigap.surveys import views

app_name = "surveys"
urlpatterns = [
    path("hasil/", views.results, name="results"),
    path("hasil.xlsx", views.results_xlsx, name="results_xlsx"),
    path("kios/<path:unit_code>", views.kiosk, name="kiosk"),
    path("laporan/<str:tracking_id>/<str:token>", no_store(views.after_report), name="after_report"),
    path("<str:token>", views.answer, name="answer"),
]
