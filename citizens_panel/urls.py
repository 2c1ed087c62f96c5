from django.urls import path

from citizens_panel import views

app_name = "citizens_panel"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/check-your-email/", views.join_sent, name="join_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("membership/", views.manage, name="manage"),
    path("membership/link/<str:token>/", views.manage_link, name="manage_link"),
    path("membership/leave/", views.leave, name="leave"),
]
