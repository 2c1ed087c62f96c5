"""Public event views: sign up, use an invitation, your place (cancel), calendar files."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events import ical, signups
from events.forms import SignupForm
from events.models import EventSignup
from events.tasks import page_in_language
from portal.ratelimits import EMAIL_REFUSED, email_allowed, submission_allowed


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request, page):
    state = page.signup_state()
    allowed, reason = signups.who_may_sign_up(request, page)
    context = {"page": page, "state": state, "reason": reason}
    if state != "open" or not allowed:
        return TemplateResponse(request, "events/signup_unavailable.html", context, status=403)
    initial, member = signups.prefill(request, page)
    invitation = signups.session_invitation(request, page)
    if invitation is not None:
        member = invitation.member
    if request.method == "POST":
        form = SignupForm(request.POST)
        if request.POST.get("website"):
            return HttpResponseBadRequest(_("Your details could not be accepted."))
        if form.is_valid() and invitation is not None:
            # The invitation books a place for the invited member only.
            if signups.is_invited_address(invitation, form.cleaned_data["email"]):
                form.cleaned_data["email"] = invitation.member.email  # as we have it
            else:
                form.add_error("email", _("Use the email address your invitation was sent to"))
        if form.is_valid():
            if not submission_allowed(request):
                context["form"] = form
                return TemplateResponse(request, "events/too_many.html", context, status=429)
            if not email_allowed(request, form.cleaned_data["email"]):
                form.add_error("email", EMAIL_REFUSED)
                context.update(form=form, prefilled=bool(initial.get("name")))
                return TemplateResponse(request, "events/signup.html", context, status=429)
            signups.sign_up(
                page,
                form.cleaned_data,
                language=get_language(),
                user=request.user,
                member=member,
            )
            signups.forget_invitation(request, page)
            # The same page whether the address is new or already has a place: the
            # place itself is reached only through the link emailed to its owner.
            return redirect(page.url + "sign-up/check-your-email/")
    else:
        form = SignupForm(initial=initial)
    context.update(form=form, prefilled=bool(initial.get("name")))
    return TemplateResponse(request, "events/signup.html", context)


@never_cache
def signup_sent(request, page):
    """ "Check your email", after every sign-up: nothing here depends on who signed up."""
    return TemplateResponse(request, "events/signup_sent.html", {"page": page})


@never_cache
@require_http_methods(["GET", "POST"])
def use_invitation(request, page, token):
    """GET shows a button and nobody's details (mail scanners open links); the POST
    accepts the invitation, once, and goes on to the sign-up form."""
    if request.method == "POST":
        invitation, reason = signups.claim_invitation(request, page, token)
        if invitation is not None:
            return redirect(page.url + "sign-up/")
    else:
        invitation = signups.invitation_from_token(page, token)
        if invitation is None:
            reason = "invalid"
        elif invitation.claimed_at is None:
            return TemplateResponse(request, "events/invitation.html", {"page": page})
        elif signups.session_invitation(request, page) == invitation:
            return redirect(page.url + "sign-up/")  # the browser that accepted it
        else:
            reason = "used"
    status = 410 if reason == "used" else 404
    return TemplateResponse(
        request, "events/link_invalid.html", {"page": page, "reason": reason}, status=status
    )


def _own_place(token: str) -> EventSignup:
    signup = signups.signup_from_token(token)
    if signup is None:
        raise Http404
    return signup


@never_cache
def place(request, token):
    """A person's own sign-up: status, waiting position, the online link once confirmed."""
    signup = _own_place(token)
    page = page_in_language(signup.event, get_language())
    confirmed = signup.status == EventSignup.Status.CONFIRMED
    context = {
        "signup": signup,
        "page": page,
        "position": signup.waiting_position,
        "online_link": page.source_page.online_link if confirmed else "",
    }
    response = TemplateResponse(request, "events/place.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_place(request, token):
    signup = _own_place(token)
    page = page_in_language(signup.event, get_language())
    if signup.status == EventSignup.Status.CANCELLED:
        return redirect("events:place", token=token)
    if request.method == "POST":
        signups.cancel(signup)
        return TemplateResponse(request, "events/cancelled.html", {"page": page})
    return TemplateResponse(request, "events/cancel.html", {"page": page, "signup": signup})


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
def place_ics(request, token):
    signup = _own_place(token)
    page = page_in_language(signup.event, get_language())
    link = page.source_page.online_link if signup.status == EventSignup.Status.CONFIRMED else ""
    lines = ical.event_lines(page, url=page.get_full_url(request), online_link=link)
    response = _ics_response(ical.calendar([lines], name=page.title), "event.ics")
    response["Cache-Control"] = "private, no-store"
    return response


def event_ics(request, page):
    lines = ical.event_lines(page, url=page.get_full_url(request))
    return _ics_response(ical.calendar([lines], name=page.title), f"{page.slug}.ics")


def calendar_feed(request, index_page):
    from django.utils import timezone

    events = index_page.events().filter(ends_at__gte=timezone.now() - timezone.timedelta(days=90))
    text = ical.calendar(
        [ical.event_lines(e, url=e.get_full_url(request)) for e in events.order_by("starts_at")],
        name=index_page.title,
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response
