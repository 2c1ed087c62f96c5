"""Site-wide models: the user, home and standard pages, areas, topics, site settings.

Other apps may import from ``portal.models``; this package imports from no app but
Wagtail and Django.
"""

from .pages import AreaPage, HomePage, StandardPage
from .site_settings import PortalSettings
from .snippets import Area, Topic
from .users import PartnerOrganisation, User

__all__ = [
    "Area",
    "AreaPage",
    "HomePage",
    "PartnerOrganisation",
    "PortalSettings",
    "StandardPage",
    "Topic",
    "User",
]
