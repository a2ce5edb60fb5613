from django.urls import path

from dialogo.core import views

app_name = "core"

urlpatterns = [
    path("settings/", views.organization_settings, name="settings"),
    path("audit/", views.audit_log, name="audit"),
]
