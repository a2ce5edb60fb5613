from django.urls import path

from dialogo.metrics import views

app_name = "metrics"

urlpatterns = [
    path("", views.index, name="dashboard"),
    path("lista/<slug:key>/", views.drill, name="drill"),
    path("csv/<slug:table>/", views.table_csv, name="csv"),
    path("conversaciones.csv", views.conversations_csv, name="conversations_csv"),
    path("objetivos/", views.objective_list, name="objectives"),
    path("objetivos/<id:pk>/quitar/", views.objective_delete, name="objective_delete"),
    path("informes/", views.report_list, name="reports"),
    path("informes/<id:pk>.<slug:fmt>", views.report_download, name="report_download"),
]
