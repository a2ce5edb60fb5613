from django.urls import path

from dialogo.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.channel_list, name="list"),
    path("new/<slug:kind>/", views.channel_connect, name="connect"),
    path("<id:pk>/", views.channel_detail, name="detail"),
    path("<id:pk>/edit/<slug:kind>/", views.channel_connect, name="edit"),
    path("<id:pk>/pause/", views.channel_pause, name="pause"),
    path("<id:pk>/import/", views.channel_import, name="import"),
    path("<id:pk>/import/<id:job_id>/", views.import_status, name="import_status"),
]
