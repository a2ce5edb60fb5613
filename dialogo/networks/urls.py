from django.urls import path

from dialogo.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.channel_list, name="list"),
    path("new/<slug:kind>/", views.channel_connect, name="connect"),
    path("<int:pk>/", views.channel_detail, name="detail"),
    path("<int:pk>/edit/<slug:kind>/", views.channel_connect, name="edit"),
    path("<int:pk>/pause/", views.channel_pause, name="pause"),
    path("<int:pk>/import/", views.channel_import, name="import"),
    path("<int:pk>/import/<int:job_id>/", views.import_status, name="import_status"),
]
