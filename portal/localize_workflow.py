"""Translations go through the same approval as the page they translate.

wagtail-localize publishes a translation in three places: "Translate this page" (when
the source page is live), "Sync translated pages" with "Publish immediately", and the
translation editor's "Publish" button. Only the last checks publish permission. So:

* ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False`` (settings): a new
  translation is a draft for everyone. A copy of the English page, or a machine
  translation, never goes live before a person has looked at it.
* ``Translation.save_target`` is wrapped once (``install()``, from ``PortalConfig``):
  asked to publish by someone who may not publish the page, it saves a draft and
  submits the translated page to the source page's workflow (an engagement lead
  approves) instead. That is the one place every publishing path goes through. A
  draft saved on a live translated page leaves the published content showing
  (wagtail-localize writes the draft onto the page row otherwise).
* The sync screen says so to such a person: "Submit the translated pages for
  approval" replaces "Publish immediately" (``UpdateTranslationsView``).

A call without a user (management commands such as the demo content) is not a person
going around the workflow and is left as it was.
"""

from __future__ import annotations

import functools
import logging

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import Translation
from wagtail_localize.views.update_translations import UpdateTranslationsView as LocalizeUpdate

logger = logging.getLogger(__name__)


def _instance_to_check(translation: Translation):
    """The translated object if it exists yet, else the source object."""
    try:
        return translation.get_target_instance()
    except ObjectDoesNotExist:
        return translation.source.get_source_instance()


def may_publish(user, translation: Translation) -> bool:
    """May this person publish the translation straight away?"""
    if user is None:
        return True
    instance = _instance_to_check(translation)
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    if isinstance(instance, DraftStateMixin):
        return user.has_perm(get_permission_name("publish", type(instance)))
    return True  # objects without drafts are always published (topics, areas)


def submit_for_approval(translation: Translation, user):
    """Start the source page's workflow on the translated page; the workflow state,
    or None when there is no workflow (the translation then stays a draft)."""
    target = translation.get_target_instance()
    if not isinstance(target, Page):
        return None
    source = translation.source.get_source_instance()
    workflow = source.get_workflow() or target.get_workflow()
    if workflow is None or not workflow.active:
        return None
    target = target.specific
    state = target.current_workflow_state
    if state is not None:
        # Review the new draft from the start rather than an older one half-approved.
        state.cancel(user=user)
    return workflow.start(target, user)


def keep_live_content(translation: Translation) -> None:
    """Put the published content back on a live translated page after a draft save.

    wagtail-localize writes a draft's content onto the page row itself (and the public
    site shows the row), so an unapproved draft would be live. The draft stays as the
    latest revision for the reviewer; the row shows the last published revision."""
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        return
    if not isinstance(target, Page):
        return
    page = target.specific_class.objects.get(pk=target.pk)
    if not page.live or page.live_revision is None:
        return
    restored = page.live_revision.as_object()
    restored.live_revision = page.live_revision
    restored.latest_revision = page.latest_revision
    restored.has_unpublished_changes = True
    restored.draft_title = page.draft_title
    restored.save(clean=False)


def install() -> None:
    """Wrap ``Translation.save_target`` (once) so publishing needs permission."""
    original = Translation.save_target
    if getattr(original, "portal_approval", False):
        return

    @functools.wraps(original)
    def save_target(self, user=None, publish=True):
        if publish and not may_publish(user, self):
            result = original(self, user=user, publish=False)
            keep_live_content(self)
            submit_for_approval(self, user)
            return result
        result = original(self, user=user, publish=publish)
        if not publish:
            keep_live_content(self)
        return result

    save_target.portal_approval = True
    Translation.save_target = save_target


class UpdateTranslationsView(LocalizeUpdate):
    """wagtail-localize's "Sync translated pages", saying what "publish" means for
    someone who may not publish: the translated pages go to an engagement lead."""

    def _can_publish(self) -> bool:
        instance = self.object.get_source_instance()
        if isinstance(instance, Page):
            return instance.permissions_for_user(self.request.user).can_publish()
        return True

    def get_form(self):
        form = super().get_form()
        if not self._can_publish():
            field = form.fields["publish_translations"]
            field.label = _("Submit the translated pages for approval")
            field.help_text = _(
                "Apply the updates and send the translated pages to an engagement lead, "
                "who publishes them after checking them. Untranslated text stays in the "
                "original language until translated."
            )
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("publish_translations") and not self._can_publish():
            messages.info(
                self.request,
                _(
                    "The translated pages were sent for approval: they go live when an "
                    "engagement lead approves them."
                ),
            )
        return response
