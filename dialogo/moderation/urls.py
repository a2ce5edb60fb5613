from django.urls import path

from dialogo.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("policy/", views.policy, name="policy"),
    path("policy/<id:pk>/edit/", views.edit_clause, name="edit_clause"),
    path("policy/<id:pk>/toggle/", views.toggle_clause, name="toggle_clause"),
    path("message/<id:pk>/", views.moderate, name="moderate"),
    path("<id:pk>/decide/", views.decide, name="decide"),
    path("alerts/<id:pk>/ack/", views.acknowledge, name="acknowledge"),
]
