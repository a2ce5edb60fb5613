from django.urls import path

from dialogo.inbox import live, views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("live/", live.live, name="live"),
    path("bulk/", views.bulk, name="bulk"),
    path("c/<id:pk>/", views.conversation, name="conversation"),
    path("c/<id:pk>/reply/", views.reply, name="reply"),
    path("c/<id:pk>/assign/", views.assign, name="assign"),
    path("c/<id:pk>/state/", views.change_state, name="state"),
    path("c/<id:pk>/answered/", views.mark_answered, name="mark_answered"),
    path("c/<id:pk>/topic/", views.change_topic, name="topic"),
    path("c/<id:pk>/update/", views.update, name="update"),
    path("c/<id:pk>/note/", views.add_note, name="note"),
    path("c/<id:pk>/presence/", views.presence, name="presence"),
    path("c/<id:pk>/m/<id:message_id>/retry/", views.retry, name="retry"),
    path("c/<id:pk>/link-citizen/", views.link_citizen, name="link_citizen"),
]
