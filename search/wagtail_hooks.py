"""Admin menu, URLs and permission for the feedback explorer."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import views


@hooks.register("register_admin_urls")
def register_explorer_urls():
    return [path("feedback-explorer/", include(views))]


class ExplorerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.EXPLORE)


@hooks.register("register_admin_menu_item")
def register_explorer_menu_item():
    return ExplorerMenuItem(
        _("Feedback explorer"),
        reverse("feedback_explorer:explore"),
        name="feedback-explorer",
        icon_name="search",
        order=255,
    )


@hooks.register("register_permissions")
def register_explorer_permission():
    return Permission.objects.filter(
        content_type__app_label="portal_search", codename="explore_feedback"
    )
