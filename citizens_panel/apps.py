from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensPanelConfig(AppConfig):
    name = "citizens_panel"
    label = "citizens_panel"
    verbose_name = _("Citizens' Panel")
    default_auto_field = "django.db.models.BigAutoField"
