"""Public (language-prefixed) URLs of the events app: a person's own place."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("place/<str:token>/", views.place, name="place"),
    path("place/<str:token>/cancel/", views.cancel_place, name="cancel"),
    path("place/<str:token>/event.ics", views.place_ics, name="place_ics"),
]
