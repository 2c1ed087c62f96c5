from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    label = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .languages import register_extra_languages

        register_extra_languages()

        from .localize_workflow import install

        install()  # a translation's publishing goes through the approval workflow
