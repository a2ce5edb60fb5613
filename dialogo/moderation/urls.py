from django.urls import path

from dialogo.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("policy/", views.policy, name="policy"),
    path("policy/<int:pk>/edit/", views.edit_clause, name="edit_clause"),
    path("policy/<int:pk>/toggle/", views.toggle_clause, name="toggle_clause"),
    path("message/<int:pk>/", views.moderate, name="moderate"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("alerts/<int:pk>/ack/", views.acknowledge, name="acknowledge"),
]
