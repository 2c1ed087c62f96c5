"""Editor panels for pages with a survey."""

from __future__ import annotations

from wagtail.admin.panels import HelpPanel


class FixedStepsPanel(HelpPanel):
    """Shows, in the survey builder, the questions every survey asks after its own
    steps ("About your response"), so an editor does not ask them twice. The list is
    read from the form the respondent fills in, so it cannot drift from it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "consultations/admin/fixed_steps_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def fixed_questions(self) -> list[str]:
            from consultations.forms import YourDetailsForm

            return [str(field.label) for field in YourDetailsForm.base_fields.values()]
