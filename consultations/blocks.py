"""Survey question blocks.

A survey is a StreamField of steps; each step holds a StreamField of questions.
Every question block carries a stable block id that wagtail-localize keeps across
translations, so an answer given on the Polish page counts towards the same
question as the English one. Choice options are list items whose ids are stable
in the same way; answers store those ids, never the translated label.

Fields that must stay identical in every language (a question's reference, show-if
rules) use ``UntranslatedTextBlock``, which wagtail-localize copies from the source
page instead of offering it for translation.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from portal.blocks import ContentStreamBlock


class UntranslatedTextBlock(blocks.FieldBlock):
    """A short text field that is synchronised from the source page, not translated."""

    def __init__(self, required=False, max_length=100, **kwargs):
        self.field = forms.CharField(required=required, max_length=max_length)
        super().__init__(**kwargs)

    def get_searchable_content(self, value):
        return []


class ShowIfBlock(blocks.StructBlock):
    """Show a question or a step only when an earlier answer has a given value."""

    question = UntranslatedTextBlock(
        label=_("Earlier question's reference"),
        help_text=_(
            "The reference of an earlier question, e.g. 'age-group'. Leave empty to always show."
        ),
    )
    answer = UntranslatedTextBlock(
        max_length=255,
        label=_("When the answer is"),
        help_text=_(
            "For yes/no questions 'yes' or 'no'; for choices, one of the question's options "
            "in the original language (suggested as you type); for scales, the number. "
            "Checked when you save."
        ),
    )

    class Meta:
        icon = "help"
        label = _("Show only if")
        form_classname = "struct-block show-if-block"


class BaseQuestionBlock(blocks.StructBlock):
    """What every question has. Subclasses set ``answer_type``."""

    answer_type = ""
    question = blocks.CharBlock(label=_("Question"), max_length=500)
    hint = blocks.TextBlock(label=_("Hint"), required=False, rows=2)
    required = blocks.BooleanBlock(label=_("Answer required"), required=False, default=True)
    reference = UntranslatedTextBlock(
        label=_("Reference"),
        help_text=_(
            "Optional short name, unique in this survey, used by show-if rules and exports."
        ),
    )
    show_if = ShowIfBlock(required=False)

    class Meta:
        icon = "help"


def option_list():
    return blocks.ListBlock(
        blocks.CharBlock(label=_("Option"), max_length=255), label=_("Options"), min_num=1
    )


class ShortTextQuestionBlock(BaseQuestionBlock):
    answer_type = "short_text"
    max_length = blocks.IntegerBlock(
        label=_("Character limit"), default=200, min_value=1, max_value=500
    )

    class Meta:
        icon = "edit"
        label = _("Short text")
        preview_value = {"question": "What is the name of your GP practice?", "max_length": 200}


class LongTextQuestionBlock(BaseQuestionBlock):
    answer_type = "long_text"
    max_length = blocks.IntegerBlock(
        label=_("Character limit"), default=2000, min_value=10, max_value=10000
    )

    class Meta:
        icon = "doc-full"
        label = _("Long text")
        preview_value = {"question": "Tell us why you think this.", "max_length": 2000}


class SingleChoiceQuestionBlock(BaseQuestionBlock):
    answer_type = "single_choice"
    options = option_list()
    widget = blocks.ChoiceBlock(
        choices=[("radios", _("Radio buttons")), ("select", _("Drop-down list"))],
        default="radios",
        label=_("Show as"),
    )

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        preview_value = {
            "question": "How do you usually travel to hospital?",
            "options": ["Bus", "Car"],
        }


class MultipleChoiceQuestionBlock(BaseQuestionBlock):
    answer_type = "multiple_choice"
    options = option_list()
    allow_other = blocks.BooleanBlock(
        label=_("Add 'Other, please specify'"), required=False, default=False
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")


class LikertQuestionBlock(BaseQuestionBlock):
    """Agreement with a statement on the standard five-point scale."""

    answer_type = "likert"
    include_dont_know = blocks.BooleanBlock(
        label=_("Offer 'Don't know'"), required=False, default=True
    )

    class Meta:
        icon = "list-ul"
        label = _("Agreement scale")
        preview_value = {"question": "We should have one commissioning body for North West London."}


class RatingQuestionBlock(BaseQuestionBlock):
    answer_type = "rating"
    scale = blocks.IntegerBlock(label=_("Highest score"), default=5, min_value=3, max_value=10)
    low_label = blocks.CharBlock(label=_("Meaning of 1"), required=False, default="Very poor")
    high_label = blocks.CharBlock(
        label=_("Meaning of the highest score"), required=False, default="Very good"
    )

    class Meta:
        icon = "pick"
        label = _("Rating")


class RankingQuestionBlock(BaseQuestionBlock):
    """Put options in priority order (used at engagement events)."""

    answer_type = "ranking"
    options = option_list()

    class Meta:
        icon = "order"
        label = _("Ranking")


class NumberQuestionBlock(BaseQuestionBlock):
    answer_type = "number"
    min_value = blocks.IntegerBlock(label=_("Lowest allowed"), required=False)
    max_value = blocks.IntegerBlock(label=_("Highest allowed"), required=False)
    whole_number = blocks.BooleanBlock(label=_("Whole numbers only"), required=False, default=True)

    class Meta:
        icon = "plus-inverse"
        label = _("Number")


class DateQuestionBlock(BaseQuestionBlock):
    answer_type = "date"

    class Meta:
        icon = "date"
        label = _("Date")


class PostcodeQuestionBlock(BaseQuestionBlock):
    answer_type = "postcode"

    class Meta:
        icon = "site"
        label = _("Postcode")
        help_text = _(
            "Every survey already asks for the person's own postcode in its last step, "
            "“About your response”. Use this only for another postcode, e.g. of a service."
        )


class YesNoQuestionBlock(BaseQuestionBlock):
    answer_type = "yes_no"

    class Meta:
        icon = "tick"
        label = _("Yes or no")


class ConsentQuestionBlock(BaseQuestionBlock):
    """A checkbox the person ticks to agree to the statement in the question."""

    answer_type = "consent"

    class Meta:
        icon = "lock"
        label = _("Consent checkbox")


class InformationBlock(blocks.StructBlock):
    """Text between questions; nothing to answer."""

    answer_type = "information"
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("Text"))
    show_if = ShowIfBlock(required=False)

    class Meta:
        icon = "info-circle"
        label = _("Information text")


class AboutYouBlock(blocks.StructBlock):
    """The standard equality-monitoring questions, optional, stored apart from answers."""

    answer_type = "about_you"
    intro = blocks.TextBlock(
        label=_("Introduction"),
        required=False,
        default=(
            "These questions are optional. Your answers help us check we are hearing from "
            "everyone. They are stored separately from your other answers."
        ),
    )

    class Meta:
        icon = "user"
        label = _("About you (equality monitoring)")


class QuestionStreamBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    likert = LikertQuestionBlock()
    rating = RatingQuestionBlock()
    ranking = RankingQuestionBlock()
    number = NumberQuestionBlock()
    date = DateQuestionBlock()
    postcode = PostcodeQuestionBlock()
    yes_no = YesNoQuestionBlock()
    consent = ConsentQuestionBlock()
    information = InformationBlock()
    about_you = AboutYouBlock()


class StepBlock(blocks.StructBlock):
    """One screen of the survey."""

    title = blocks.CharBlock(label=_("Step title"), max_length=200)
    show_if = ShowIfBlock(required=False)
    questions = QuestionStreamBlock(label=_("Questions"))

    class Meta:
        icon = "form"
        label = _("Step")


class SurveyStreamBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        label = _("Survey")

    def clean(self, value):
        """Each block's own checks, then the survey's (unique references, show-if rules
        naming an earlier question and one of its answers), each error on its field."""
        from consultations.survey_checks import survey_errors

        value = super().clean(value)
        errors = survey_errors(value)
        if errors is not None:
            raise errors
        return value


class DocumentLinkBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("main", _("Consultation document")),
            ("easy_read", _("Easy Read")),
            ("large_print", _("Large print")),
            ("other_language", _("Other language")),
            ("other", _("Other")),
        ],
        default="main",
        label=_("Kind"),
    )
    title = blocks.CharBlock(label=_("Link text"))
    document = DocumentChooserBlock(required=False, label=_("Document"))
    url = blocks.URLBlock(required=False, label=_("Or a web address"))
    language = blocks.CharBlock(
        required=False,
        max_length=10,
        label=_("Language code"),
        help_text=_("e.g. 'bn' for Bengali"),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "consultations/blocks/document_link.html"


__all__ = ["ContentStreamBlock", "DocumentLinkBlock", "StepBlock", "SurveyStreamBlock"]
