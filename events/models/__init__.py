"""Events models.

``pages`` (the events listing and the event page) and ``signups`` (who signed up,
their place or waiting-list position, attendance, panel invitations and staff
messages). Other apps may import from here; this package imports from ``portal``,
``consultations`` and ``citizens_panel`` only.
"""

from .pages import EventIndexPage, EventPage
from .signups import EventInvitation, EventMessage, EventSignup

__all__ = ["EventIndexPage", "EventInvitation", "EventMessage", "EventPage", "EventSignup"]
