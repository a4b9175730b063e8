from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from sigap.core import views as core_views
from sigap.monitoring import views as monitoring_views
from sigap.web.login import LoginView

admin.site.site_header = "Sigap"
admin.site.site_title = "Sigap"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", monitoring_views.metrics, name="metrics"),
    # One sign-in page for staff and the admin alike: the throttle, the demo-password refusal and the short sessions
    # of identity-revealing roles live there (sigap.web.login).
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/login/", LoginView.as_view(), name="login"),
    path("akun/", include("django.contrib.auth.urls")),
    path("api/v1/", include("sigap.api.urls")),
    path("open311/v2/", include("sigap.open311.urls")),
    path("channels/", include("sigap.channels.urls")),
    path("petugas/lapor/", include("sigap.lapor.urls")),  # before petugas/: the LAPOR! channel's desk page
    path("petugas/", include("sigap.web.staff_urls")),
    path("pimpinan/", include("sigap.dashboard.urls")),
    path("rantai/", include("sigap.chain.urls")),
    path("layanan/", include("sigap.services.urls")),
    path("survei/", include("sigap.surveys.urls")),
    path("transparansi/", include("sigap.dashboard.public_urls")),
    path("", include("sigap.web.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
