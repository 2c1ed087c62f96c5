"""Admin URLs, menu item and permissions for themes and coding."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from themes import views


@hooks.register("register_admin_urls")
def register_themes_urls():
    return [path("themes/", include(views))]


class ThemesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.VIEW_THEMES) or request.user.has_perm(views.CODE)


@hooks.register("register_admin_menu_item")
def register_themes_menu_item():
    return ThemesMenuItem(
        _("Themes and coding"),
        reverse("themes:index"),
        name="themes",
        icon_name="tag",
        order=257,
    )


@hooks.register("register_permissions")
def register_themes_permissions():
    """Add/change/delete/view on themes and codings, for analysts' and leads' groups;
    settling any disagreement between two analysts, for leads."""
    return Permission.objects.filter(
        content_type__app_label="themes", content_type__model__in=["theme", "coding"]
    ) | Permission.objects.filter(content_type__app_label="themes", codename="settle_disagreement")


@hooks.register("register_log_actions")
def register_themes_log_actions(actions):
    actions.register_action(
        "themes.settle_disagreement",
        _("Settle a coding disagreement"),
        _("Settled a disagreement between two analysts' coding"),
    )
