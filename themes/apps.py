from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    label = "themes"
    verbose_name = _("Themes and coding")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from themes import signals

        signals.connect()
