"""Admin menu, URLs and permissions for feedback reports."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from reports import views


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("feedback-reports/", include(views))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_read(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Feedback reports"),
        reverse("feedback_reports:index"),
        name="feedback-reports",
        icon_name="doc-full",
        order=258,
    )


@hooks.register("register_permissions")
def register_report_permissions():
    return Permission.objects.filter(
        content_type__app_label="reports",
        codename__in=["view_feedbackreport", "build_feedbackreport", "sign_off"],
    )
