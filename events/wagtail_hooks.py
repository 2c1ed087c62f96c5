"""Wagtail admin: the events staff screens, a menu item, and a link from each event page."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from events import admin_views
from events.models import EventPage


@hooks.register("register_admin_urls")
def register_events_urls():
    return [path("events/", include(admin_views))]


class EventsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW)


@hooks.register("register_admin_menu_item")
def register_events_menu_item():
    return EventsMenuItem(
        _("Event sign-ups"),
        reverse("events_admin:index"),
        name="event-signups",
        icon_name="date",
        order=275,
    )


@hooks.register("register_page_listing_buttons")
def attendee_list_button(page, user, next_url=None):
    if page.specific_class is EventPage and user.has_perm(admin_views.VIEW):
        yield ListingButton(
            _("Attendees"), reverse("events_admin:attendees", args=[page.pk]), priority=60
        )


@hooks.register("after_publish_page")
def offer_new_places_to_the_waiting_list(request, page):
    """When staff publish more places, the waiting list moves up at once (and is told)."""
    if page.specific_class is EventPage:
        from events import signups

        signups.capacity_changed(page.specific)
