from django.urls import path

from dialogo.inbox import live, views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("live/", live.live, name="live"),
    path("bulk/", views.bulk, name="bulk"),
    path("c/<int:pk>/", views.conversation, name="conversation"),
    path("c/<int:pk>/reply/", views.reply, name="reply"),
    path("c/<int:pk>/assign/", views.assign, name="assign"),
    path("c/<int:pk>/state/", views.change_state, name="state"),
    path("c/<int:pk>/answered/", views.mark_answered, name="mark_answered"),
    path("c/<int:pk>/topic/", views.change_topic, name="topic"),
    path("c/<int:pk>/update/", views.update, name="update"),
    path("c/<int:pk>/note/", views.add_note, name="note"),
    path("c/<int:pk>/presence/", views.presence, name="presence"),
    path("c/<int:pk>/m/<int:message_id>/retry/", views.retry, name="retry"),
    path("c/<int:pk>/link-citizen/", views.link_citizen, name="link_citizen"),
]
