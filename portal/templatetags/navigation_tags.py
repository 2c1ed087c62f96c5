"""The header's search box and menu, leading to every public area of the site."""

from django import template
from django.urls import reverse

from portal import navigation

register = template.Library()


@register.inclusion_tag("components/header_navigation.html", takes_context=True)
def header_navigation(context):
    request = context.get("request")
    sections = navigation.sections(request)
    menu = [section for key, section in sections.items() if key != "search"]
    return {"menu": menu, "current": navigation.current_section(request, sections)}


@register.inclusion_tag("components/header_search.html", takes_context=True)
def header_search(context):
    request = context.get("request")
    query = ""
    if request is not None and request.resolver_match is not None:
        if request.resolver_match.url_name == "site_search":
            query = request.GET.get("q", "")[:500]
    return {"action": reverse("site_search"), "query": query}
