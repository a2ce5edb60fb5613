from django.urls import path

from dialogo.pqrsd import views

app_name = "pqrsd"

urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("new/", views.register_offline, name="offline"),
    path("configuration/", views.configuration, name="configuration"),
    path("export.<str:fmt>", views.export, name="export"),
    path("file/<id:conversation_pk>/", views.file_from_conversation, name="file"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/constancia/", views.constancia, name="constancia"),
    path("<id:pk>/code/", views.new_code, name="new_code"),
    path("<id:pk>/<slug:name>/", views.step, name="step"),
]
