"""Wagtail admin: data subject requests and retention screens, audit log actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from privacy import admin_views, audit


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    audit.register(actions)


# Models whose admin edit page shows a person's details: opening one is audit-logged.
PERSONAL_SNIPPETS = {"citizens_panel.member", "events.eventsignup"}


@hooks.register("before_edit_snippet")
def log_viewing_personal_data(request, instance):
    if request.method == "GET" and instance._meta.label_lower in PERSONAL_SNIPPETS:
        audit.log_viewed(instance, request.user)


@hooks.register("register_permissions")
def register_privacy_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="privacy",
        codename__in=[
            "manage_data_requests",
            "view_datasubjectrequest",
            "view_retentionrun",
            "view_consentrecord",
        ],
    )


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [path("personal-data/", include(admin_views))]


class DataRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.MANAGE)


@hooks.register("register_admin_menu_item")
def register_privacy_menu_item():
    return DataRequestsMenuItem(
        _("Personal data requests"),
        reverse("privacy_admin:index"),
        name="personal-data",
        icon_name="lock",
        order=900,
    )
