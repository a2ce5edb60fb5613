from django.urls import path

from dialogo.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.replies, name="replies"),
    path("new/", views.edit, name="new"),
    path("<int:pk>/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
