from django.urls import path

from dialogo.triage import views

app_name = "triage"

urlpatterns = [
    path("", views.triage_settings, name="settings"),
    path("retrain/", views.retrain, name="retrain"),
    path("domains/", views.own_domains, name="own_domains"),
    path("rules/add/", views.add_rule, name="add_rule"),
    path("rules/<id:pk>/delete/", views.delete_rule, name="delete_rule"),
    path("rules/<id:pk>/", views.edit_rule, name="edit_rule"),
    path("correct/<id:pk>/", views.correct, name="correct"),
]
