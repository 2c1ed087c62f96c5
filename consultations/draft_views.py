"""Public pages of a policy draft: sections with their comments, versions, changes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from consultations import drafts
from consultations.forms import DraftCommentForm
from consultations.models import DraftComment, DraftVersion
from portal import ratelimits

SENT_COMMENTS_SESSION_KEY = "draft-comments-sent"


def _sections_with_comments(page, version: DraftVersion, translated_sections=None):
    """[(number, section dict, [comments])] plus comments on the whole draft."""
    comments = list(drafts.visible_comments(version, page.moderation))
    by_section: dict[str, list] = {}
    for comment in comments:
        by_section.setdefault(comment.section_id, []).append(comment)
    translated = translated_sections or {}
    rows = []
    for number, section in enumerate(version.sections, start=1):
        shown = translated.get(section["id"], section)
        rows.append((number, shown, section["id"], by_section.get(section["id"], [])))
    return rows, by_section.get("", [])


def _new_comment_form(request, current: DraftVersion) -> DraftCommentForm:
    """An empty comment form, on the section a "Comment on this section" link named."""
    wanted = request.GET.get("section", "") if request is not None else ""
    known = {section["id"] for section in current.sections}
    initial = {"section": wanted} if wanted in known else {}
    return DraftCommentForm(version=current, initial=initial)


def page_context(request, page, version: DraftVersion | None = None, form=None):
    current = drafts.current_version(page)
    version = version or current
    if version is None:
        return {"version": None}
    translated = None
    if version == current and page.pk != version.page_id:
        # A translation shows its own wording of the current version's sections.
        translated = {s["id"]: s for s in drafts.snapshot(page)}
    sections, whole_draft_comments = _sections_with_comments(page, version, translated)
    versions = list(DraftVersion.objects.filter(page_id=version.page_id).order_by("number"))
    return {
        "version": version,
        "current_version": current,
        "is_current": version == current,
        "versions": versions,
        "sections": sections,
        "whole_draft_comments": whole_draft_comments,
        "comment_form": form or (_new_comment_form(request, current) if current else None),
    }


def version(request, page, number: int):
    found = DraftVersion.objects.filter(page=page.source_page_for_comments(), number=number).first()
    if found is None:
        raise Http404
    context = {"page": page, **page_context(request, page, found)}
    return TemplateResponse(request, "consultations/policy_draft_page.html", context)


def changes(request, page, number: int):
    source = page.source_page_for_comments()
    old = DraftVersion.objects.filter(page=source, number=number).first()
    current = drafts.current_version(page)
    if old is None or current is None or old.number >= current.number:
        raise Http404
    return TemplateResponse(
        request,
        "consultations/draft_changes.html",
        {
            "page": page,
            "old": old,
            "new": current,
            "changes": drafts.changes_between(old, current),
        },
    )


def comment(request, page):
    if request.method != "POST":
        return redirect(page.get_url(request=request))
    current = drafts.current_version(page)
    if current is None or not page.comments_open:
        return TemplateResponse(
            request, "consultations/draft_comments_closed.html", {"page": page}, status=403
        )
    form = DraftCommentForm(request.POST, version=current)
    if form.is_spam:
        return HttpResponseBadRequest(_("Your comment could not be accepted."))
    if not form.is_valid():
        context = {"page": page, **page_context(request, page, form=form)}
        return TemplateResponse(request, "consultations/policy_draft_page.html", context)
    data = form.cleaned_data
    fingerprint = drafts.comment_hash(current, data["section"], data["text"])
    sent_before = request.session.get(SENT_COMMENTS_SESSION_KEY, [])
    if drafts.is_duplicate(current, fingerprint, sent_before):
        messages.info(request, _("We already have this comment. Thank you."))
        return redirect(page.get_url(request=request) + "#comment-form")
    if not ratelimits.submission_allowed(request):
        return TemplateResponse(
            request, "consultations/respond/too_many.html", {"page": page}, status=429
        )
    pre_moderated = page.moderation == page.Moderation.PRE
    DraftComment.objects.create(
        version=current,
        section_id=data["section"],
        text=data["text"],
        language=page.locale.language_code,
        respondent_type=data["respondent_type"],
        organisation_name=data["organisation_name"]
        if data["respondent_type"] != "individual"
        else "",
        display_name=data["display_name"],
        email=data["email"],
        content_hash=fingerprint,
        status=DraftComment.Status.PENDING if pre_moderated else DraftComment.Status.APPROVED,
    )
    # Remember what this browser sent, to spot the same comment sent twice (last few).
    request.session[SENT_COMMENTS_SESSION_KEY] = [*sent_before, fingerprint][-20:]
    messages.success(
        request,
        _("Thank you. Your comment will appear once a moderator has checked it.")
        if pre_moderated
        else _("Thank you. Your comment has been published."),
    )
    return redirect(page.get_url(request=request) + "#comment-form")
