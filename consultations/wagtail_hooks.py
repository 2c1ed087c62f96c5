"""Wagtail admin hooks for consultations: the results, offline entry and import screens."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from consultations import admin_views


@hooks.register("register_admin_urls")
def register_results_urls():
    return [path("consultation-results/", include(admin_views))]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.VIEW_RESULTS) or request.user.has_perm(
            admin_views.ADD_RESPONSE
        )


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem(
        _("Consultation results"),
        reverse("consultation_results:index"),
        name="consultation-results",
        icon_name="table",
        order=250,
    )


@hooks.register("insert_editor_js")
def survey_builder_show_if_choices():
    """The survey builder suggests a show-if rule's answers from the named question."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<script src="{}" defer></script>', static("consultations/js/show-if-choices.js")
    )


@hooks.register("register_admin_urls")
def register_survey_test_urls():
    """Survey test mode: staff answer a (draft) survey; nothing is saved."""
    from consultations import survey_testing

    return [path("survey-test/", include(survey_testing))]


@hooks.register("register_admin_urls")
def register_moderation_urls():
    from consultations import moderation_views

    return [path("draft-comments/", include(moderation_views))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        from consultations.moderation_views import MODERATE

        return request.user.has_perm(MODERATE)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Comments to moderate"),
        reverse("draft_moderation:queue"),
        name="draft-comments",
        icon_name="comment",
        order=260,
    )


@hooks.register("after_publish_page")
def warn_when_an_outcome_is_published_before_its_consultation_closes(request, page):
    """An interim outcome keeps its consultation open; say so, so nobody thinks they
    have closed it (the status only becomes "outcome published" after it closes)."""
    from django.contrib import messages

    from consultations.models import YouSaidWeDidPage
    from consultations.models.pages import Status
    from portal.dates import format_datetime

    specific = page.specific
    if not isinstance(specific, YouSaidWeDidPage) or specific.consultation_id is None:
        return
    consultation = specific.consultation.specific
    if consultation.status != Status.OPEN:
        return
    if consultation.closes_at:
        message = _(
            "“%(title)s” is still open until %(date)s: it keeps taking responses, and "
            "this outcome shows as an interim one until then."
        ) % {
            "title": consultation.title,
            "date": format_datetime(consultation.closes_at, with_zone=True),
        }
    else:
        message = _(
            "“%(title)s” is still open with no closing date: it keeps taking responses, "
            "and this outcome shows as an interim one."
        ) % {"title": consultation.title}
    messages.warning(request, message)


# --- responses: list, search, view, correct, withdraw, export (consultations.response_admin)
@hooks.register("register_admin_viewset")
def register_responses_viewset():
    from consultations.response_admin import ResponseViewSet

    return ResponseViewSet("responses")


@hooks.register("register_log_actions")
def register_response_log_actions(actions):
    from consultations import response_changes

    response_changes.register(actions)


@hooks.register("register_page_header_buttons")
def outcome_email_count_button(page, user, view_name, next_url=None):
    """On a "you said, we did" page: how many asked to be emailed, and their list."""
    from wagtail.admin.widgets import Button

    from consultations import outcome_updates
    from consultations.models import YouSaidWeDidPage
    from reports.quotes import sees_personal_data

    specific = page.specific_deferred
    if not isinstance(specific, YouSaidWeDidPage) or specific.consultation_id is None:
        return
    if not sees_personal_data(user):
        return
    source = specific.consultation.specific.source_page
    numbers = outcome_updates.counts(source.pk)
    yield Button(
        _("Outcome emails: %(asked)s asked, %(emailed)s emailed (CSV)") % numbers,
        reverse("responses:outcome_emails", args=[source.pk]),
        icon_name="mail",
        priority=80,
    )
