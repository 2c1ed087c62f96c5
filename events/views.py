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
from portal.ratelimits import submission_allowed


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request, page):
    state = page.signup_state()
    allowed, reason = signups.who_may_sign_up(request, page)
    context = {"page": page, "state": state, "reason": reason}
    if state != "open" or not allowed:
        return TemplateResponse(request, "events/signup_unavailable.html", context, status=403)
    initial, member = signups.prefill(request, page)
    if request.method == "POST":
        form = SignupForm(request.POST)
        if request.POST.get("website"):
            return HttpResponseBadRequest(_("Your details could not be accepted."))
        if form.is_valid():
            if not submission_allowed(request):
                context["form"] = form
                return TemplateResponse(request, "events/too_many.html", context, status=429)
            signups.sign_up(
                page,
                form.cleaned_data,
                language=get_language(),
                user=request.user,
                member=member,
            )
            # The same page whether the address is new or already has a place: the
            # place itself is reached only through the link emailed to its owner.
            return redirect(page.url + "sign-up/check-your-email/")
    else:
        form = SignupForm(initial=initial)
    context.update(form=form, prefilled=member is not None)
    return TemplateResponse(request, "events/signup.html", context)


@never_cache
def signup_sent(request, page):
    """ "Check your email", after every sign-up: nothing here depends on who signed up."""
    return TemplateResponse(request, "events/signup_sent.html", {"page": page})


@never_cache
def use_invitation(request, page, token):
    invitation = signups.claim_invitation(request, page, token)
    if invitation is None:
        return TemplateResponse(request, "events/link_invalid.html", {"page": page}, status=404)
    return redirect(page.url + "sign-up/")


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
