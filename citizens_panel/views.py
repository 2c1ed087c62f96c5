"""Public panel pages: join, confirm, manage your membership, leave; invitation links."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from citizens_panel import invitations, membership
from citizens_panel.forms import JoinForm, ManageLinkForm, ProfileForm
from citizens_panel.models import Member
from portal import links, ratelimits

# How long a used manage link lets the browser manage the membership.
MANAGE_SESSION_LENGTH = timedelta(hours=2)


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
        member = membership.confirm(member)
        if member.status == Member.Status.ACTIVE and not request.user.is_authenticated:
            _grant(request, member)  # they have just proved the address: no password needed
        return TemplateResponse(request, "citizens_panel/confirmed.html", {"member": member})
    return TemplateResponse(request, "citizens_panel/confirm.html", {"member": member})


MANAGE_SESSION_KEY = "panel-manage-member"


def _own_member(request) -> Member | None:
    """The member this browser may manage: its signed-in account's, or one whose emailed
    manage link was used in this session (``manage_link``)."""
    if request.user.is_authenticated:
        return Member.objects.current().filter(user=request.user).first()
    granted = request.session.get(MANAGE_SESSION_KEY)
    if not isinstance(granted, dict):
        return None
    if granted.get("until", 0) < timezone.now().timestamp():
        request.session.pop(MANAGE_SESSION_KEY, None)
        return None
    return Member.objects.current().filter(pk=granted.get("id"), uuid=granted.get("uuid")).first()


def _grant(request, member: Member) -> None:
    """Let this browser manage ``member`` for a while, without an account or password."""
    if request.user.is_authenticated and request.user.pk != member.user_id:
        logout(request)  # someone else's account was signed in on this browser
    request.session.cycle_key()
    request.session[MANAGE_SESSION_KEY] = {
        "id": member.pk,
        "uuid": member.uuid.hex,
        "until": (timezone.now() + MANAGE_SESSION_LENGTH).timestamp(),
    }


def _ask_for_link(request, data=None, *, status=200, invalid_link=False):
    """The page to ask for an emailed manage link (also shown for a bad or used link)."""
    form = ManageLinkForm(data)
    if data is not None and form.is_valid():
        email = form.cleaned_data["email"]
        if not ratelimits.email_allowed(request, email):
            form.add_error("email", ratelimits.EMAIL_REFUSED)
            status = 429
        else:
            membership.send_manage_link(
                email, language=get_language(), base=links.base_url(request)
            )
            # The same page whether or not the address is a member's (no enumeration).
            return TemplateResponse(
                request,
                "citizens_panel/manage_link_sent.html",
                {"hours": membership.manage_link_hours()},
            )
    return TemplateResponse(
        request,
        "citizens_panel/manage_link_request.html",
        {"form": form, "invalid_link": invalid_link},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def manage_link(request, token):
    """An emailed manage link. GET asks to continue (mail scanners open links); the POST
    uses the link, once, and lets this browser manage the membership."""
    if request.method == "POST" and request.POST.get("use") == "1":
        member = membership.use_manage_token(token)
        if member is not None:
            _grant(request, member)
            return redirect("citizens_panel:manage")
    elif membership.member_from_manage_token(token) is not None:
        return TemplateResponse(request, "citizens_panel/manage_link.html")
    return _ask_for_link(request, status=404, invalid_link=True)


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request):
    member = _own_member(request)
    if member is None:
        if request.user.is_authenticated:
            return TemplateResponse(request, "citizens_panel/not_a_member.html")
        return _ask_for_link(request, request.POST if request.method == "POST" else None)
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
@require_http_methods(["GET", "POST"])
def leave(request):
    member = _own_member(request)
    if member is None:
        if request.user.is_authenticated:
            return TemplateResponse(request, "citizens_panel/not_a_member.html")
        return redirect("citizens_panel:manage")
    if request.method == "POST":
        membership.leave(member)
        request.session.pop(MANAGE_SESSION_KEY, None)
        if request.user.is_authenticated:
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
