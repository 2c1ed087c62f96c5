"""The public respond journey: steps, your details, check your answers, confirmation.

Everything works as plain HTML forms without JavaScript. Route methods on
``SurveyPage`` call these functions with the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from consultations import services, summary
from consultations.answers import is_blank, load_answers
from consultations.forms import EqualityForm, ResumeForm, StepForm, YourDetailsForm
from consultations.models import EqualityMonitoring, Response, ResponseContact
from portal import links, ratelimits
from portal.dispatch import send_after_commit


def _url(page, request, route: str = "") -> str:
    return page.get_url(request=request) + route


def closed(request, page, *, status=200):
    """The consultation is not open: say so, and what happens next."""
    return TemplateResponse(
        request, "consultations/respond/closed.html", {"page": page}, status=status
    )


def _guard(request, page):
    """A response to refuse the request with, or None when the survey is open."""
    if not page.is_open:
        return closed(request, page, status=403 if request.method == "POST" else 200)
    return None


def _context(page, response, answers, **extra):
    definition = page.survey_definition
    visible = definition.visible_steps(answers)
    return {
        "page": page,
        "response": response,
        "steps": visible,
        "total_steps": len(visible) + 1,  # plus "your details"
        **extra,
    }


@never_cache
def start(request, page):
    refused = _guard(request, page)
    if refused:
        return refused
    response = services.session_response(request, page)
    answers = load_answers(response) if response else {}
    steps = page.survey_definition.visible_steps(answers)
    if not steps:
        return redirect(_url(page, request, "respond/your-details/"))
    return redirect(_url(page, request, f"respond/step/{steps[0].number}/"))


@never_cache
def step(request, page, number: int):
    refused = _guard(request, page)
    if refused:
        return refused
    definition = page.survey_definition
    current = definition.step(number - 1)
    if current is None:
        return redirect(_url(page, request, "respond/"))
    response = services.session_response(request, page)
    answers = load_answers(response) if response else {}
    if not definition.step_visible(current, answers):
        following = definition.next_step(current.index, answers)
        target = f"respond/step/{following.number}/" if following else "respond/your-details/"
        return redirect(_url(page, request, target))

    has_about_you = any(q.type == "about_you" for q in current.questions)
    by_link = services.opened_by_link(request, response)
    equality_instance = (
        EqualityMonitoring.objects.filter(response=response).first()
        if response and not by_link  # a forwarded link does not show them
        else None
    )
    if request.method == "POST":
        saving = "save_and_return" in request.POST
        form = StepForm(
            request.POST,
            definition=definition,
            step=current,
            answers=answers,
            saving=saving,
            numbered=True,
        )
        equality_form = (
            EqualityForm(request.POST, prefix="eq", instance=equality_instance)
            if has_about_you
            else None
        )
        if form.is_spam:
            return HttpResponseBadRequest(_("Your answers could not be accepted."))
        forms_valid = form.is_valid() and (equality_form is None or equality_form.is_valid())
        if forms_valid:
            if response is None:
                response = services.start_response(request, page)
            services.save_step(response, current, form.answer_values(), equality_form)
            answers = load_answers(response)
            if saving:
                return redirect(_url(page, request, "respond/save/"))
            if request.GET.get("return") == "check":
                return redirect(_url(page, request, "respond/check/"))
            following = definition.next_step(current.index, answers)
            target = f"respond/step/{following.number}/" if following else "respond/your-details/"
            return redirect(_url(page, request, target))
    else:
        form = StepForm(definition=definition, step=current, answers=answers, numbered=True)
        equality_form = (
            EqualityForm(prefix="eq", instance=equality_instance) if has_about_you else None
        )

    previous = definition.previous_step(current.index, answers)
    visible = definition.visible_steps(answers)
    position = next((i for i, s in enumerate(visible, start=1) if s.index == current.index), 1)
    return TemplateResponse(
        request,
        "consultations/respond/step.html",
        _context(
            page,
            response,
            answers,
            step=current,
            form=form,
            equality_form=equality_form,
            equality_kept=by_link,
            position=position,
            back_url=_url(page, request, f"respond/step/{previous.number}/")
            if previous
            else _url(page, request),
        ),
    )


@never_cache
def your_details(request, page):
    refused = _guard(request, page)
    if refused:
        return refused
    response = services.session_response(request, page)
    if response is None and page.survey_definition.steps:
        return redirect(_url(page, request, "respond/"))
    answers = load_answers(response) if response else {}
    by_link = services.opened_by_link(request, response)
    if request.method == "POST":
        saving = "save_and_return" in request.POST
        form = YourDetailsForm(
            request.POST,
            email_on_record=by_link and services.has_contact_email(response),
            saving=saving,
        )
        if form.is_valid():
            if response is None:
                response = services.start_response(request, page)
            services.save_details(response, form.cleaned_data, keep_blank_contact=by_link)
            if saving:
                return redirect(_url(page, request, "respond/save/"))
            return redirect(_url(page, request, "respond/check/"))
    else:
        form = YourDetailsForm(
            initial=services.details_initial(response, with_contact=not by_link)
            if response
            else None
        )
    visible = page.survey_definition.visible_steps(answers)
    back = f"respond/step/{visible[-1].number}/" if visible else ""
    return TemplateResponse(
        request,
        "consultations/respond/your_details.html",
        _context(
            page,
            response,
            answers,
            form=form,
            contact_kept=by_link,
            position=len(visible) + 1,
            back_url=_url(page, request, back),
        ),
    )


def _missing_required(page, answers):
    definition = page.survey_definition
    for visible_step in definition.visible_steps(answers):
        for question in definition.visible_questions(visible_step, answers):
            if question.required and is_blank(answers.get(question.id)):
                return visible_step
    return None


@never_cache
def check(request, page):
    refused = _guard(request, page)
    if refused:
        return refused
    response = services.session_response(request, page)
    if response is None:
        return redirect(_url(page, request, "respond/"))
    answers = load_answers(response)
    missing = _missing_required(page, answers)
    if request.method == "POST":
        if missing is not None:
            messages.error(request, _("Some questions still need an answer."))
            return redirect(_url(page, request, f"respond/step/{missing.number}/"))
        services.prune_hidden_answers(response, page.survey_definition)
        fingerprint = services.content_hash(response)
        duplicate = (
            services.find_duplicate(
                response,
                fingerprint,
                earlier_uuid=request.session.get(
                    services.DONE_SESSION_KEY.format(page_id=page.source_page.pk)
                ),
            )
            if response.status == Response.Status.DRAFT
            else None
        )
        if duplicate is not None:
            # The same answers were just sent: keep one response, show its reference.
            response.delete()
            response = duplicate
        else:
            if response.status == Response.Status.DRAFT and not ratelimits.submission_allowed(
                request
            ):
                return TemplateResponse(
                    request,
                    "consultations/respond/too_many.html",
                    {"page": page},
                    status=429,
                )
            was_submitted = response.status == Response.Status.SUBMITTED
            if not was_submitted:
                _copy_within_limits(request, response)
            services.submit(response, page.survey_definition, base_url=links.base_url(request))
            if was_submitted:
                messages.success(request, _("Your changes have been saved."))
        services.forget_response(request, page)
        request.session[services.DONE_SESSION_KEY.format(page_id=page.source_page.pk)] = str(
            response.uuid
        )
        return redirect(_url(page, request, "respond/done/"))
    by_link = services.opened_by_link(request, response)
    return TemplateResponse(
        request,
        "consultations/respond/check.html",
        _context(
            page,
            response,
            answers,
            sections=summary.sections(page, response, answers, private=by_link),
            contact_kept=by_link,
            missing=missing,
            back_url=_url(page, request, "respond/your-details/"),
        ),
    )


def _copy_within_limits(request, response) -> None:
    """Drop the emailed copy (the response is still taken) when its address has had enough."""
    contact = ResponseContact.objects.filter(response=response).first()
    if contact is None or not contact.wants_copy or not contact.email:
        return
    if ratelimits.email_allowed(request, contact.email):
        return
    contact.wants_copy = False  # nor will the sweeper send it later
    contact.save(update_fields=["wants_copy"])
    messages.warning(
        request,
        _(
            "We could not email you a copy of your answers: we have already sent several "
            "emails to that address. Your response has been received; keep your reference "
            "number."
        ),
    )


@never_cache
def done(request, page):
    uuid = request.session.get(services.DONE_SESSION_KEY.format(page_id=page.source_page.pk))
    response = Response.objects.filter(uuid=uuid).first() if uuid else None
    if response is None:
        return redirect(_url(page, request))
    contact = (
        None
        if services.opened_by_link(request, response)
        else ResponseContact.objects.filter(response=response).first()
    )
    return TemplateResponse(
        request,
        "consultations/respond/done.html",
        {"page": page, "response": response, "contact": contact},
    )


def _submitted_here(request, page) -> Response | None:
    """The response this browser has just submitted to the page, if any.

    Only the session knows it: there is no address with a reference or id in it,
    so nobody reaches another person's answers by changing a link."""
    uuid = request.session.get(services.DONE_SESSION_KEY.format(page_id=page.source_page.pk))
    if not uuid:
        return None
    return (
        Response.objects.filter(uuid=uuid, consultation_id=page.source_page.pk)
        .exclude(status__in=[Response.Status.WITHDRAWN, Response.Status.ANONYMISED])
        .first()
    )


def _copy_context(request, page, response) -> dict:
    private = services.opened_by_link(request, response)
    return {
        "page": page,
        "response": response,
        "sections": summary.sections(page, response, load_answers(response), private=private),
    }


@never_cache
def your_answers(request, page):
    """A copy of the answers just submitted, to print or save (no JavaScript needed)."""
    response = _submitted_here(request, page)
    if response is None:
        return redirect(_url(page, request))
    return TemplateResponse(
        request, "consultations/respond/your_answers.html", _copy_context(request, page, response)
    )


@never_cache
def your_answers_text(request, page):
    """The same copy as a plain-text file to download."""
    response = _submitted_here(request, page)
    if response is None:
        return redirect(_url(page, request))
    text = render_to_string(
        "consultations/respond/your_answers.txt", _copy_context(request, page, response), request
    )
    download = HttpResponse(text, content_type="text/plain; charset=utf-8")
    download["Content-Disposition"] = (
        f'attachment; filename="your-answers-{response.reference}.txt"'
    )
    download["X-Content-Type-Options"] = "nosniff"
    return download


@never_cache
def save_and_return(request, page):
    refused = _guard(request, page)
    if refused:
        return refused
    response = services.session_response(request, page)
    if response is None:
        return redirect(_url(page, request, "respond/"))
    contact = ResponseContact.objects.filter(response=response).first()
    status = 200
    if request.method == "POST":
        form = ResumeForm(request.POST)
        if form.is_valid() and ratelimits.email_allowed(request, form.cleaned_data["email"]):
            ResponseContact.objects.update_or_create(
                response=response, defaults={"email": form.cleaned_data["email"]}
            )
            from consultations.tasks import send_resume_link

            send_after_commit(send_resume_link, response.pk, links.base_url(request))
            return TemplateResponse(
                request,
                "consultations/respond/save_sent.html",
                {"page": page, "email": form.cleaned_data["email"]},
            )
        if form.is_valid():  # valid, but that address has had enough emails for now
            form.add_error("email", ratelimits.EMAIL_REFUSED)
            status = 429
    else:
        shown = contact if not services.opened_by_link(request, response) else None
        form = ResumeForm(initial={"email": shown.email if shown else ""})
    return TemplateResponse(
        request,
        "consultations/respond/save.html",
        {
            "page": page,
            "form": form,
            "resume_url": _url(page, request, f"resume/{services.resume_token(response)}/"),
        },
        status=status,
    )


@never_cache
def resume(request, page, token: str):
    response = services.response_from_token(token)
    if response is None or response.consultation_id != page.source_page.pk:
        return TemplateResponse(
            request, "consultations/respond/link_invalid.html", {"page": page}, status=404
        )
    refused = _guard(request, page)
    if refused:
        return refused
    services.remember_response(request, response, by_link=True)
    if response.status == Response.Status.SUBMITTED:
        messages.info(
            request,
            _(
                "You can change your answers until the consultation closes. "
                "Your reference is %(ref)s."
            )
            % {"ref": response.reference},
        )
        return redirect(_url(page, request, "respond/check/"))
    answers = load_answers(response)
    missing = _missing_required(page, answers)
    if missing is not None:
        return redirect(_url(page, request, f"respond/step/{missing.number}/"))
    return redirect(_url(page, request, "respond/your-details/"))
