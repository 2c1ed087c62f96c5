"""Staff screens in the Wagtail admin: attendees, export, attendance, panel invitations,
messages to attendees and cancelling an event."""

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citizens_panel import sampling
from citizens_panel.admin_views import SampleForm
from citizens_panel.models import Sample
from events import exports, participation, signups
from events.models import EventInvitation, EventMessage, EventPage, EventSignup
from portal.admin_pages import admin_page
from portal.dispatch import send_after_commit
from privacy import audit

app_name = "events_admin"

VIEW = "events.view_eventsignup"
CHANGE = "events.change_eventsignup"
INVITE = "events.add_eventinvitation"


def _render(request, template, context):
    return admin_page(request, f"events/admin/{template}", context)


def _event_or_404(page_id) -> EventPage:
    page = EventPage.objects.filter(pk=page_id).first()
    if page is None:
        raise Http404
    return page.source_page


@permission_required(VIEW, raise_exception=True)
def index(request):
    events = EventPage.objects.filter(alias_of__isnull=True).order_by("-starts_at")
    source_ids = {e.source_page.pk for e in events}
    rows = []
    for event in events:
        if event.pk not in source_ids:
            continue
        rows.append(
            {
                "event": event,
                "confirmed": event.signups.confirmed().count(),
                "waiting": event.signups.waiting().count(),
            }
        )
    return _render(request, "index.html", {"header_title": _("Events"), "rows": rows})


@permission_required(VIEW, raise_exception=True)
def attendees(request, page_id):
    event = _event_or_404(page_id)
    if request.method == "POST":
        if not request.user.has_perm(CHANGE):
            raise Http404
        marks = {
            int(key.removeprefix("attendance-")): value
            for key, value in request.POST.items()
            if key.startswith("attendance-") and key.removeprefix("attendance-").isdigit()
        }
        changed = signups.record_attendance(event, marks)
        messages.success(request, _("Attendance saved (%(n)s changed).") % {"n": changed})
        return redirect("events_admin:attendees", page_id=event.pk)
    all_signups = list(event.signups.order_by("sequence"))
    audit.log_listed(all_signups, request.user, where="attendees")
    waiting = [s for s in all_signups if s.status == EventSignup.Status.WAITING]
    consultation = event.related_consultation
    return _render(
        request,
        "attendees.html",
        {
            "header_title": event.title,
            "event": event,
            "confirmed": [s for s in all_signups if s.status == EventSignup.Status.CONFIRMED],
            "waiting": waiting,
            "cancelled": [s for s in all_signups if s.status == EventSignup.Status.CANCELLED],
            "attendance_choices": EventSignup.Attendance.choices,
            "can_change": request.user.has_perm(CHANGE),
            "can_cancel": request.user.has_perm(CHANGE) and event.starts_at > timezone.now(),
            "can_invite": request.user.has_perm(INVITE),
            "invited": event.invitations.count(),
            "consultation": consultation.specific if consultation else None,
            "participation": participation.for_consultation(consultation.specific)
            if consultation
            else None,
            "attended": sum(1 for s in all_signups if s.attendance == "attended"),
            "no_show": sum(1 for s in all_signups if s.attendance == "no_show"),
        },
    )


@permission_required(VIEW, raise_exception=True)
def export(request, page_id):
    event = _event_or_404(page_id)
    audit.log_listed(
        event.signups.all(), request.user, where="attendees.csv", action="privacy.export"
    )
    response = StreamingHttpResponse(exports.stream(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendees-{event.slug}.csv"'
    return response


class EventSampleForm(SampleForm):
    """The panel's sample form, without choosing a survey: quotas, criteria and seed."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        del self.fields["survey"]
        del self.fields["reminder_after_days"]
        areas = list(event.panel_areas.all())
        if areas and not self.is_bound:
            self.fields["areas"].initial = areas

    def draw(self):
        data = self.cleaned_data
        exclude = set(self.event.invitations.values_list("member_id", flat=True))
        if data["method"] == Sample.Method.EVERYONE:
            return sampling.draw_everyone(self.criteria(), exclude)
        return sampling.draw_stratified(
            data["size"], data["characteristics"], data["seed"], self.criteria(), exclude
        )


@permission_required(INVITE, raise_exception=True)
def invite(request, page_id):
    from events.tasks import send_event_invitations

    event = _event_or_404(page_id)
    draw = None
    if request.method == "POST":
        form = EventSampleForm(request.POST, event=event)
        if form.is_valid():
            draw = form.draw()
            if "send" in request.POST:
                with transaction.atomic():
                    EventInvitation.objects.bulk_create(
                        [
                            EventInvitation(
                                event=event, member_id=pk, stratum=s.label, created_by=request.user
                            )
                            for s in draw.strata
                            for pk in s.member_ids
                        ],
                        ignore_conflicts=True,
                    )
                    send_after_commit(send_event_invitations, event.pk)
                messages.success(
                    request, _("%(n)s invitations are being sent.") % {"n": draw.drawn}
                )
                return redirect("events_admin:attendees", page_id=event.pk)
    else:
        form = EventSampleForm(event=event, initial={"seed": secrets.randbelow(1_000_000)})
    return _render(
        request,
        "invite.html",
        {
            "header_title": _("Invite a panel sample: %(title)s") % {"title": event.title},
            "event": event,
            "form": form,
            "draw": draw,
        },
    )


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea)

    def clean_subject(self):
        """A line break cannot go into an email header: every send would fail later."""
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError(_("Write the subject on one line"))
        return subject


@permission_required(CHANGE, raise_exception=True)
def message(request, page_id):
    from events.tasks import send_event_message

    event = _event_or_404(page_id)
    form = MessageForm(request.POST or None)
    recipients = list(event.signups.confirmed().values_list("pk", flat=True))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            sent = EventMessage.objects.create(
                event=event, sent_by=request.user, recipients=len(recipients), **form.cleaned_data
            )
            for pk in recipients:
                send_after_commit(send_event_message, sent.pk, pk)
        messages.success(request, _("Message sent to %(n)s people.") % {"n": len(recipients)})
        return redirect("events_admin:attendees", page_id=event.pk)
    return _render(
        request,
        "message.html",
        {
            "header_title": _("Message everyone with a place"),
            "event": event,
            "form": form,
            "recipients": len(recipients),
            "sent": event.messages.all()[:20],
        },
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is cancelled (sent to everyone and shown on the page)"),
        widget=forms.Textarea,
    )


@permission_required(CHANGE, raise_exception=True)
def cancel_event(request, page_id):
    event = _event_or_404(page_id)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        told = signups.cancel_event(event, form.cleaned_data["reason"])
        messages.success(request, _("Event cancelled; %(n)s people are being told.") % {"n": told})
        return redirect("events_admin:attendees", page_id=event.pk)
    return _render(
        request,
        "cancel.html",
        {
            "header_title": _("Cancel the event: %(title)s") % {"title": event.title},
            "event": event,
            "form": form,
        },
    )


@permission_required(CHANGE, raise_exception=True)
def fill_places(request, page_id):
    event = _event_or_404(page_id)
    if request.method == "POST":
        promoted = signups.capacity_changed(event)
        messages.success(
            request, _("%(n)s people moved from the waiting list.") % {"n": len(promoted)}
        )
    return redirect("events_admin:attendees", page_id=event.pk)


@permission_required(CHANGE, raise_exception=True)
def cancel_place(request, page_id, signup_id):
    """Cancel someone's place for them (they phoned or wrote in); the waiting list moves up."""
    event = _event_or_404(page_id)
    signup = event.signups.filter(pk=signup_id).first()
    if signup is None:
        raise Http404
    if request.method == "POST":
        promoted = signups.cancel(signup)
        messages.success(
            request,
            _("%(name)s's place is cancelled; %(n)s moved up from the waiting list.")
            % {"name": signup.name, "n": len(promoted)},
        )
    return redirect("events_admin:attendees", page_id=event.pk)


def admin_url(event) -> str:
    return reverse("events_admin:attendees", args=[event.pk])


urlpatterns = [
    path("", index, name="index"),
    path("<int:page_id>/", attendees, name="attendees"),
    path("<int:page_id>/export.csv", export, name="export"),
    path("<int:page_id>/invite/", invite, name="invite"),
    path("<int:page_id>/message/", message, name="message"),
    path("<int:page_id>/cancel/", cancel_event, name="cancel"),
    path("<int:page_id>/fill-places/", fill_places, name="fill_places"),
    path("<int:page_id>/cancel-place/<int:signup_id>/", cancel_place, name="cancel_place"),
]
