"""Language metadata Django does not ship.

Django's ``LANG_INFO`` has no entry for Somali or Gujarati; without one, ``get_language_info``
(used by the language switcher and wagtail-localize) fails for ``so`` and ``gu``.
"""

from django.conf.locale import LANG_INFO

EXTRA_LANG_INFO = {
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    "gu": {"bidi": False, "code": "gu", "name": "Gujarati", "name_local": "ગુજરાતી"},
}


def register_extra_languages() -> None:
    for code, info in EXTRA_LANG_INFO.items():
        LANG_INFO.setdefault(code, info)
