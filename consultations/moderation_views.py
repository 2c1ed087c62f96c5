"""Moderation queue for comments on policy drafts (Wagtail admin).

Moderators approve, reject with a reason, or hide comments. Needs
``consultations.moderate_draftcomment``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from consultations.models import DraftComment

MODERATE = "consultations.moderate_draftcomment"
app_name = "draft_moderation"


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject")), ("hide", _("Hide"))]
    )
    reason = forms.CharField(required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for rejecting the comment"))
        return cleaned


STATUS_FOR_ACTION = {
    "approve": DraftComment.Status.APPROVED,
    "reject": DraftComment.Status.REJECTED,
    "hide": DraftComment.Status.HIDDEN,
}


class ModerationQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/moderation_queue.html"
    page_title = gettext_lazy("Comments to moderate")
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", DraftComment.Status.PENDING)
        if status not in DraftComment.Status.values:
            status = DraftComment.Status.PENDING
        comments = (
            DraftComment.objects.filter(status=status)
            .select_related("version", "version__page")
            .order_by("created_at")[:200]
        )
        context.update(
            comments=[
                (c, c.version.section_number(c.section_id), c.version.section(c.section_id))
                for c in comments
            ],
            status=status,
            statuses=DraftComment.Status.choices,
        )
        return context


def moderate(request, comment_id):
    if not request.user.has_perm(MODERATE) or request.method != "POST":
        raise PermissionDenied
    comment = get_object_or_404(DraftComment, pk=comment_id)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("draft_moderation:queue"))
    comment.status = STATUS_FOR_ACTION[form.cleaned_data["action"]]
    comment.moderation_reason = form.cleaned_data["reason"]
    comment.moderated_by = request.user
    comment.moderated_at = timezone.now()
    comment.save()
    messages.success(
        request,
        _("Comment %(id)s: %(status)s")
        % {"id": comment.pk, "status": comment.get_status_display()},
    )
    return redirect(reverse("draft_moderation:queue"))


urlpatterns = [
    path("", ModerationQueueView.as_view(), name="queue"),
    path("<int:comment_id>/", moderate, name="moderate"),
]
