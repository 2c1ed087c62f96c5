"""Admin registration for the portal's snippets (areas, topics, partner
organisations), and a note on the request of the page being served."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import Area, PartnerOrganisation, Topic


@hooks.register("register_admin_urls", order=-1)
def register_translation_approval_urls():
    """Before wagtail-localize's own: its "Sync translated pages" screen, saying that
    someone who may not publish sends the translated pages for approval."""
    from django.urls import path

    from portal.localize_workflow import UpdateTranslationsView

    return [
        path(
            "localize/update/<int:translation_source_id>/",
            UpdateTranslationsView.as_view(),
            name="portal_update_translations",
        )
    ]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name", "ons_code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "ons_code"]
    search_backend_name = None
    ordering = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    icon = "group"
    menu_label = _("Partner organisations")
    list_display = ["name", "kind", "people_represented"]
    list_filter = ["kind"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]


class PlacesAndTopicsGroup(SnippetViewSetGroup):
    items = (AreaViewSet, TopicViewSet, PartnerOrganisationViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Areas and topics")
    menu_name = "areas-and-topics"


register_snippet(PlacesAndTopicsGroup)


@hooks.register("before_serve_page")
def note_the_page_being_served(page, request, serve_args, serve_kwargs):
    """For ``portal.middleware.LanguageOfPartsMiddleware``."""
    request.served_page = page


@hooks.register("before_edit_page", order=-10)
def warn_about_unreviewed_demo_translations(request, page):
    """The demo's translations were written by the project, not by a native speaker.
    wagtail-localize's editor marks each such string "Translated with ..."; say it once
    at the top as well, while any remain (a string a translator changes is theirs)."""
    from django.contrib import messages

    from portal.demo.localize import unreviewed_strings

    if request.method == "GET" and unreviewed_strings(page):
        messages.warning(
            request,
            _(
                "Machine translation, not yet reviewed by a native speaker: the demo's "
                "text in this language was written by the project. Strings marked "
                "“Translated with the project's demo translations” still need a review; "
                "a string you change counts as reviewed."
            ),
        )


@hooks.register("construct_homepage_panels")
def add_staff_dashboard(request, panels):
    """What needs doing today, first on the admin home (``portal.dashboard``)."""
    from portal.dashboard import StaffDashboardPanel

    panels.append(StaffDashboardPanel())
