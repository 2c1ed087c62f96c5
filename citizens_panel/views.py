"""Public panel pages: join, confirm, manage your membership, leave; invitation links."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from citizens_panel import invitations, membership
from citizens_panel.forms import JoinForm, ProfileForm
from citizens_panel.models import Member
from portal import ratelimits


@require_http_methods(["GET", "POST"])
def join(request):
    if request.method == "POST":
        form = JoinForm(request.POST)
        if request.POST.get("website"):
            return HttpResponseBadRequest(_("Your details could not be accepted."))
        if form.is_valid():
            email = form.cleaned_data.get("email")
            if email and not ratelimits.email_allowed(request, email):
                form.add_error("email", ratelimits.EMAIL_REFUSED)
                return TemplateResponse(
                    request, "citizens_panel/join.html", {"form": form}, status=429
                )
            membership.join(form.cleaned_data, language=get_language(), user=request.user)
            return redirect("citizens_panel:join_sent")
    else:
        form = JoinForm()
    return TemplateResponse(request, "citizens_panel/join.html", {"form": form})


def join_sent(request):
    return TemplateResponse(
        request, "citizens_panel/join_sent.html", {"days": membership.unconfirmed_days()}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    member = membership.member_from_confirmation_token(token)
    if member is None:
        return TemplateResponse(request, "citizens_panel/link_invalid.html", status=404)
    if request.method == "POST":
        membership.confirm(member)
        return TemplateResponse(request, "citizens_panel/confirmed.html", {"member": member})
    return TemplateResponse(request, "citizens_panel/confirm.html", {"member": member})


def _own_member(request) -> Member | None:
    return (
        Member.objects.current().filter(user=request.user).first()
        if request.user.is_authenticated
        else None
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def manage(request):
    member = _own_member(request)
    if member is None:
        return TemplateResponse(request, "citizens_panel/not_a_member.html")
    form = ProfileForm(instance=member)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "pause":
            membership.pause(member)
            messages.success(request, _("Your membership is paused. We will not invite you."))
            return redirect("citizens_panel:manage")
        if action == "resume":
            membership.resume(member)
            messages.success(request, _("Welcome back. We may invite you again."))
            return redirect("citizens_panel:manage")
        form = ProfileForm(request.POST, instance=member)
        if form.is_valid():
            member = form.save(commit=False)
            membership.apply_details(member, form.cleaned_data)
            member.save()
            messages.success(request, _("Your details have been updated."))
            return redirect("citizens_panel:manage")
    return TemplateResponse(request, "citizens_panel/manage.html", {"member": member, "form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def leave(request):
    member = _own_member(request)
    if member is None:
        return TemplateResponse(request, "citizens_panel/not_a_member.html")
    if request.method == "POST":
        membership.leave(member)
        logout(request)
        return TemplateResponse(request, "citizens_panel/left.html")
    return TemplateResponse(request, "citizens_panel/leave.html", {"member": member})


# --- invitation links (routes on PanelSurveyPage) -----------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def use_invitation(request, page, token):
    """GET shows a "start" button (mail scanners open links); the POST claims it, once."""
    if request.method == "POST" and page.is_open:
        invitation, reason = invitations.claim(request, page, token)
    else:
        invitation, reason = invitations.check(request, page, token)
        if invitation is not None and page.is_open:
            return TemplateResponse(request, "citizens_panel/invitation.html", {"page": page})
    if invitation is None:
        return TemplateResponse(
            request,
            "citizens_panel/invitation_invalid.html",
            {"page": page, "reason": reason},
            status=403 if reason == "not_yours" else 404,
        )
    if not page.is_open:
        return redirect(page.get_url(request=request))
    return redirect(page.get_url(request=request) + "respond/")


def invitation_only(request, page):
    return TemplateResponse(
        request, "citizens_panel/invitation_only.html", {"page": page}, status=403
    )
