"""Equality-monitoring categories.

Age bands and ethnic groups use the keys of the Census 2021 benchmark file
(ONS tables TS009 and TS021, see citizens_panel data), so who responded can be set
beside who lives here. Wording follows the ONS 2021 census questions.
"""

from django.utils.translation import gettext_lazy as _

PREFER_NOT_TO_SAY = ("prefer_not_to_say", _("Prefer not to say"))

AGE_BANDS = [
    ("0-15", _("Under 16")),
    ("16-24", _("16 to 24")),
    ("25-34", _("25 to 34")),
    ("35-44", _("35 to 44")),
    ("45-54", _("45 to 54")),
    ("55-64", _("55 to 64")),
    ("65-74", _("65 to 74")),
    ("75+", _("75 or over")),
    PREFER_NOT_TO_SAY,
]

SEX = [("female", _("Female")), ("male", _("Male")), PREFER_NOT_TO_SAY]

YES_NO_PREFER = [("yes", _("Yes")), ("no", _("No")), PREFER_NOT_TO_SAY]

ETHNIC_GROUPS = [
    ("asian_bangladeshi", _("Asian or Asian British: Bangladeshi")),
    ("asian_chinese", _("Asian or Asian British: Chinese")),
    ("asian_indian", _("Asian or Asian British: Indian")),
    ("asian_pakistani", _("Asian or Asian British: Pakistani")),
    ("asian_other", _("Asian or Asian British: any other Asian background")),
    ("black_african", _("Black, Black British, Caribbean or African: African")),
    ("black_caribbean", _("Black, Black British, Caribbean or African: Caribbean")),
    ("black_other", _("Black, Black British, Caribbean or African: any other Black background")),
    ("mixed_white_and_asian", _("Mixed or multiple ethnic groups: White and Asian")),
    (
        "mixed_white_and_black_african",
        _("Mixed or multiple ethnic groups: White and Black African"),
    ),
    (
        "mixed_white_and_black_caribbean",
        _("Mixed or multiple ethnic groups: White and Black Caribbean"),
    ),
    ("mixed_other", _("Mixed or multiple ethnic groups: any other mixed background")),
    ("white_british", _("White: English, Welsh, Scottish, Northern Irish or British")),
    ("white_irish", _("White: Irish")),
    ("white_gypsy_or_irish_traveller", _("White: Gypsy or Irish Traveller")),
    ("white_roma", _("White: Roma")),
    ("white_other", _("White: any other White background")),
    ("other_arab", _("Other ethnic group: Arab")),
    ("other_any_other", _("Other ethnic group: any other ethnic group")),
    PREFER_NOT_TO_SAY,
]

DISABILITY = [
    ("yes_a_lot", _("Yes, limited a lot")),
    ("yes_a_little", _("Yes, limited a little")),
    ("no", _("No")),
    PREFER_NOT_TO_SAY,
]

RELIGION = [
    ("none", _("No religion")),
    ("christian", _("Christian")),
    ("buddhist", _("Buddhist")),
    ("hindu", _("Hindu")),
    ("jewish", _("Jewish")),
    ("muslim", _("Muslim")),
    ("sikh", _("Sikh")),
    ("other", _("Any other religion")),
    PREFER_NOT_TO_SAY,
]

SEXUAL_ORIENTATION = [
    ("straight", _("Straight or heterosexual")),
    ("gay_or_lesbian", _("Gay or lesbian")),
    ("bisexual", _("Bisexual")),
    ("other", _("Other sexual orientation")),
    PREFER_NOT_TO_SAY,
]


def high_level_ethnic_group(key: str) -> str:
    """'asian_indian' -> 'asian': the five ONS high-level groups."""
    return key.split("_", 1)[0] if key and key != "prefer_not_to_say" else ""
