from django.urls import path

from sigap.channels import simulator, views

app_name = "channels"
urlpatterns = [
    path("whatsapp/webhook", views.webhook, name="whatsapp_webhook"),
    path("whatsapp/simulator", simulator.simulator, name="whatsapp_simulator"),
]
