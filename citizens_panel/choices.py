"""Choices for the panel profile.

Age bands, sex, ethnic group, disability, religion and sexual orientation reuse the
ONS 2021 categories in ``consultations.equality`` (their keys match the Census 2021
benchmark file). The panel is for people aged 16 and over, so "Under 16" is left out.
"""

from django.utils.translation import gettext_lazy as _

from consultations import equality

PREFER_NOT_TO_SAY = equality.PREFER_NOT_TO_SAY
UNKNOWN_VALUES = {"", PREFER_NOT_TO_SAY[0]}

AGE_BANDS = [choice for choice in equality.AGE_BANDS if choice[0] != "0-15"]
SEX = equality.SEX
ETHNIC_GROUPS = equality.ETHNIC_GROUPS
DISABILITY = equality.DISABILITY
YES_NO_PREFER = equality.YES_NO_PREFER
RELIGION = equality.RELIGION
SEXUAL_ORIENTATION = equality.SEXUAL_ORIENTATION

GENDER_IDENTITY = [
    ("yes", _("Yes, my gender is the same as the sex I was registered at birth")),
    ("no", _("No, my gender is different from the sex I was registered at birth")),
    PREFER_NOT_TO_SAY,
]

CARER = [
    ("no", _("No")),
    ("yes_under_20", _("Yes, under 20 hours a week")),
    ("yes_20_or_more", _("Yes, 20 hours or more a week")),
    PREFER_NOT_TO_SAY,
]

MAIN_LANGUAGES = [
    ("en", _("English")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("bn", _("Bengali")),
    ("gu", _("Gujarati")),
    ("ur", _("Urdu")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("other", _("Another language")),
    PREFER_NOT_TO_SAY,
]

WAYS_TO_TAKE_PART = [
    ("online", _("Online surveys")),
    ("phone", _("By phone")),
    ("post", _("By post")),
    ("events", _("At events and focus groups")),
]

HIGH_LEVEL_ETHNIC_GROUPS = [
    ("asian", _("Asian")),
    ("black", _("Black")),
    ("mixed", _("Mixed or multiple")),
    ("white", _("White")),
    ("other", _("Other ethnic group")),
]

# The wording shown next to the consent box; stored with each member's consent.
CONSENT_WORDING = _(
    "I agree that the NHS may keep the information I give about my health, disability, "
    "ethnic group, religion and sexual orientation, to check that the Citizens' Panel "
    "reflects the people who live here and to invite me to take part. I can change my "
    "answers or leave the panel at any time, and my details will then be deleted."
)

# Characteristics with Census 2021 benchmarks, in display order.
BENCHMARKED = {
    "age_band": (_("Age"), AGE_BANDS),
    "sex": (_("Sex"), SEX),
    "ethnic_group": (_("Ethnic group"), HIGH_LEVEL_ETHNIC_GROUPS),
}


def label_for(characteristic: str, key: str) -> str:
    for value, label in BENCHMARKED[characteristic][1]:
        if value == key:
            return str(label)
    return key
