from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from dialogo.core import branding
from dialogo.core import views as core_views
from dialogo.core.login import ThrottledAuthenticationForm
from dialogo.core.params import IdConverter
from dialogo.metrics import public_views as metrics_public
from dialogo.moderation import views as moderation_views
from dialogo.networks.webform import views as webform_views
from dialogo.pqrsd import views as pqrsd_views

register_converter(IdConverter, "id")

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("escribanos/<slug:org>/", webform_views.webform, name="webform"),
    path("o/<slug:org>/", include("dialogo.core.urls")),
    path("o/<slug:org>/inbox/", include("dialogo.inbox.urls")),
    path("o/<slug:org>/channels/", include("dialogo.networks.urls")),
    path("o/<slug:org>/triage/", include("dialogo.triage.urls")),
    path("o/<slug:org>/moderation/", include("dialogo.moderation.urls")),
    path("o/<slug:org>/pqrsd/", include("dialogo.pqrsd.urls")),
    path("pqrsd/<slug:org>/consulta/", pqrsd_views.public_status, name="pqrsd_status"),
    path("o/<slug:org>/replies/", include("dialogo.knowledge.urls")),
    path("marca/<slug:org>/tema.css", branding.theme, name="org_theme"),
    path("marca/<slug:org>/logo", branding.logo, name="org_logo"),
    path("o/<slug:org>/metrics/", include("dialogo.metrics.urls")),
    path("politica/<slug:org>/", moderation_views.public_policy, name="public_policy"),
    path(
        "transparencia/<slug:org>/moderacion/",
        moderation_views.public_moderation,
        name="public_moderation",
    ),
    path("transparencia/<slug:org>/", metrics_public.page, name="metrics_public"),
    path(
        "transparencia/<slug:org>/datos.json", metrics_public.data_json, name="metrics_public_json"
    ),
    path("transparencia/<slug:org>/datos.csv", metrics_public.data_csv, name="metrics_public_csv"),
    path(
        "transparencia/<slug:org>/solicitudes-informacion.csv",
        metrics_public.legal_csv,
        {"report": "informacion"},
        name="metrics_public_information_csv",
    ),
    path(
        "transparencia/<slug:org>/solicitudes-pqrsd.csv",
        metrics_public.legal_csv,
        {"report": "pqrsd"},
        name="metrics_public_pqrsd_csv",
    ),
]
