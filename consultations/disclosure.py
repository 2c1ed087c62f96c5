"""Small-number suppression for anything the public or a governing body sees."""

from django.utils.translation import gettext as _

SMALL_NUMBER = 5


def shown_count(count: int) -> str:
    """'fewer than 5' for 1 to 4, the number otherwise (0 stays 0: nobody to identify)."""
    if 0 < count < SMALL_NUMBER:
        return _("fewer than %(n)s") % {"n": SMALL_NUMBER}
    return f"{count:,}"
