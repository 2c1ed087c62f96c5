"""Public (language-prefixed) URLs of the privacy app."""

from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.your_data, name="your_data"),
    path("download/", views.download, name="download"),
    path("delete/", views.delete, name="delete"),
]
