"""The events section on the home page: a link to the listing and the next few events."""

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("events/includes/home_section.html", takes_context=True)
def events_section(context, home, count: int = 3):
    from events.models import EventIndexPage

    if home is None:
        return {"index": None}
    index = EventIndexPage.objects.child_of(home).live().public().first()
    if index is None:  # this language's home has no events page yet: use the default one
        from wagtail.models import Locale

        default_home = home.get_translations().filter(locale=Locale.get_default()).first()
        if default_home is not None:
            index = EventIndexPage.objects.child_of(default_home).live().public().first()
    if index is None:
        return {"index": None}
    upcoming = index.specific.events().filter(ends_at__gte=timezone.now()).order_by("starts_at")
    return {"index": index, "upcoming": list(upcoming[:count]), "request": context.get("request")}


@register.inclusion_tag("events/includes/consultation_participation.html")
def event_participation(consultation):
    """For a consultation's staff results: its events, who attended, responses from events."""
    from events import participation

    if consultation is None:
        return {"figures": None}
    figures = participation.for_consultation(consultation)
    return {
        "figures": figures if figures.events else None,
        "events": participation.events_for(consultation),
    }
