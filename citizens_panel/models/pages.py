from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.models import Page

from consultations.models import SurveyPage
from consultations.models.pages import survey_edit_handler


class PanelSurveyPage(SurveyPage):
    """A survey only invited panel members can answer, through their personal link.

    It has the same question blocks and respond journey as a consultation; the
    journey's routes are refused unless this browser came in through an invitation.
    """

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        SurveyPage.dates_panel,
        FieldPanel("body"),
        FieldPanel("privacy_notice"),
        FieldPanel("confirmation_text"),
    ]
    edit_handler = survey_edit_handler(content_panels)
    parent_page_types = ["portal.HomePage"]
    subpage_types: list[str] = []
    template = "citizens_panel/panel_survey_page.html"

    class Meta:
        verbose_name = _("panel survey")

    @path("invitation/<str:token>/", name="panel_invitation")
    def invitation(self, request, token):
        from citizens_panel import views

        return views.use_invitation(request, self, token)

    def serve(self, request, view=None, args=None, kwargs=None):
        from citizens_panel import invitations

        name = getattr(view, "__name__", "")
        guarded = name.startswith("respond") and name != "respond_resume"
        if guarded and invitations.session_invitation(request, self) is None:
            from citizens_panel import views

            return views.invitation_only(request, self)
        return super().serve(request, view, args, kwargs)
