from django.urls import path

from dialogo.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.replies, name="replies"),
    path("new/", views.edit, name="new"),
    path("<id:pk>/", views.edit, name="edit"),
    path("<id:pk>/delete/", views.delete, name="delete"),
]
