"""Wagtail admin: panel members as snippets (with filters) and the panel's staff screens."""

import django_filters
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from citizens_panel import admin_views, choices
from citizens_panel.models import Member
from portal.choosers import PermissionCheckedSnippetChooserViewSet
from privacy import audit


class MemberFilterSet(WagtailFilterSet):
    ethnic = django_filters.ChoiceFilter(
        label=_("Ethnic group"),
        choices=choices.HIGH_LEVEL_ETHNIC_GROUPS,
        method="filter_ethnic",
    )

    class Meta:
        model = Member
        fields = ["status", "channel", "area", "age_band", "sex"]

    def filter_ethnic(self, queryset, name, value):
        return queryset.filter(ethnic_group__startswith=f"{value}_") if value else queryset


class MemberIndexView(IndexView):
    """The member list (and its search results): each member shown is audit-logged."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        audit.log_listed(context["object_list"], self.request.user, where="panel members")
        return context


class MemberViewSet(SnippetViewSet):
    model = Member
    icon = "group"
    menu_label = _("Panel members")
    menu_name = "panel-members"
    add_to_admin_menu = True
    menu_order = 270
    list_display = ["__str__", "status", "area", "age_band", "sex", "channel", "created_at"]
    list_filter = None
    filterset_class = MemberFilterSet
    search_fields = ["name", "email", "postcode"]
    # Lists members' names: only for those who may see members (not every admin role).
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    index_view_class = MemberIndexView
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("postcode"),
                FieldPanel("area"),
                FieldPanel("language"),
            ],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("channel")],
            heading=_("Membership"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("age_band"),
                FieldPanel("sex"),
                FieldPanel("gender_identity"),
                FieldPanel("ethnic_group"),
                FieldPanel("disability"),
                FieldPanel("long_term_condition"),
                FieldPanel("carer"),
                FieldPanel("main_language"),
                FieldPanel("religion"),
                FieldPanel("sexual_orientation"),
                FieldPanel("ways_to_take_part"),
                FieldPanel("access_needs"),
                FieldPanel("consent_wording"),
                FieldPanel("consented_at"),
            ],
            heading=_("Profile (needs consent)"),
        ),
    ]


register_snippet(MemberViewSet)


@hooks.register("register_admin_urls")
def register_panel_urls():
    return [path("citizens-panel/", include(admin_views))]


class PanelMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return PanelMenuItem(
        _("Panel representativeness"),
        reverse("citizens_panel_admin:dashboard"),
        name="panel-representativeness",
        icon_name="view",
        order=271,
        permission=admin_views.VIEW_DASHBOARD,
    )


@hooks.register("register_admin_menu_item")
def register_samples_menu_item():
    return PanelMenuItem(
        _("Panel samples"),
        reverse("citizens_panel_admin:samples"),
        name="panel-samples",
        icon_name="list-ul",
        order=272,
        permission=admin_views.ADD_SAMPLE,
    )
