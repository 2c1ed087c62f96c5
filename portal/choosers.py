"""Snippet choosers for models that hold people's details, permission-checked.

Wagtail's snippet chooser views check no permission: any admin user could open
``/admin/snippets/choose/<app>/<model>/`` and list every row's name. A model whose
rows are people uses ``PermissionCheckedSnippetChooserViewSet`` (as its snippet
viewset's ``chooser_viewset_class``): only someone who may add, change, delete or
view that model in the admin may open its chooser.
"""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser

ACTIONS = ["add", "change", "delete", "view"]


class PermissionCheckedChooserMixin:
    def dispatch(self, request, *args, **kwargs):
        policy = ModelPermissionPolicy(self.model_class)
        if not policy.user_has_any_permission(request.user, ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ChooseView(PermissionCheckedChooserMixin, chooser.ChooseView):
    pass


class ChooseResultsView(PermissionCheckedChooserMixin, chooser.ChooseResultsView):
    pass


class ChosenView(PermissionCheckedChooserMixin, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(PermissionCheckedChooserMixin, chooser.SnippetChosenMultipleView):
    pass


class CreateView(PermissionCheckedChooserMixin, chooser.SnippetCreateView):
    pass


class PermissionCheckedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView
    create_view_class = CreateView
