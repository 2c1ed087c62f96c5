"""NHS.UK design-system components as StreamField blocks, shared by every page type.

Every block that renders a heading lets the editor choose its level, so a
component never fixes the document outline.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

HEADING_LEVELS = [("h2", _("Level 2")), ("h3", _("Level 3")), ("h4", _("Level 4"))]


def heading_level_block(default="h2"):
    return blocks.ChoiceBlock(
        choices=HEADING_LEVELS, default=default, label=_("Heading level"), required=True
    )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    level = heading_level_block()

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        label = _("Heading")
        preview_value = {"text": "What we are proposing", "level": "h2"}


class InsetTextBlock(blocks.StructBlock):
    body = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))

    class Meta:
        icon = "pick"
        template = "components/blocks/inset_text.html"
        label = _("Inset text")
        preview_value = {"body": "<p>You can respond by post if you prefer.</p>"}


class WarningCalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), default=_("Important"))
    level = heading_level_block("h3")
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("Text"))

    class Meta:
        icon = "warning"
        template = "components/blocks/warning_callout.html"
        label = _("Warning callout")
        preview_value = {
            "heading": "Important",
            "level": "h3",
            "body": "<p>This consultation closes at midnight on Friday.</p>",
        }


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(label=_("Summary"))
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ul", "ol"], label=_("Text"))
    expander = blocks.BooleanBlock(
        required=False, label=_("Show as expander"), help_text=_("A boxed version of details.")
    )

    class Meta:
        icon = "collapse-down"
        template = "components/blocks/details.html"
        label = _("Details")
        preview_value = {"summary": "How we use your answers", "body": "<p>We read them all.</p>"}


class ActionLinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(required=False, label=_("Or a web address"))

    class Meta:
        icon = "link"
        template = "components/blocks/action_link.html"
        label = _("Action link")
        preview_value = {"text": "Have your say", "url": "https://example.org/"}


class CardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"))
    level = heading_level_block("h3")
    body = blocks.TextBlock(required=False, label=_("Text"))
    page = blocks.PageChooserBlock(required=False, label=_("Links to page"))
    url = blocks.URLBlock(required=False, label=_("Or a web address"))

    class Meta:
        icon = "form"
        template = "components/blocks/card.html"
        label = _("Card")
        preview_value = {
            "heading": "Open consultations",
            "level": "h3",
            "body": "Tell us what you think about local services.",
        }


class CardGroupBlock(blocks.StructBlock):
    cards = blocks.ListBlock(CardBlock(), label=_("Cards"))

    class Meta:
        icon = "grip"
        template = "components/blocks/card_group.html"
        label = _("Group of cards")


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"
        label = _("Image")


class ContentStreamBlock(blocks.StreamBlock):
    """The body of standard pages, and the shared part of every page body."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul"],
        label=_("Paragraph"),
        template="components/blocks/paragraph.html",
        icon="pilcrow",
    )
    inset_text = InsetTextBlock()
    warning_callout = WarningCalloutBlock()
    details = DetailsBlock()
    action_link = ActionLinkBlock()
    cards = CardGroupBlock()
    image = ImageWithCaptionBlock()

    class Meta:
        label = _("Content")
