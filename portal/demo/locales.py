"""One Wagtail locale for every language in ``settings.LANGUAGES``."""

from django.conf import settings
from wagtail.models import Locale


def load(context) -> str:
    created = 0
    for code, _name in settings.LANGUAGES:
        locale, was_created = Locale.objects.get_or_create(language_code=code)
        context.locales[code] = locale
        created += was_created
    existing = len(context.locales) - created
    return f"{created} locales created, {existing} already there: {', '.join(context.locales)}"
