"""Home page titles for the other site languages.

Everything else on these pages stays in English until a translator takes it on
in the admin; languages without an entry here keep the English title too.
"""

from . import en

HOME_TITLES = {
    "ro": "NHS North West London: spuneți-vă părerea",
    "es": "NHS North West London: dé su opinión",
    "pt": "NHS North West London: dê a sua opinião",
    "bn": "NHS North West London: আপনার মতামত দিন",
    "gu": "NHS North West London: તમારો અભિપ્રાય આપો",
    "ur": "NHS North West London: اپنی رائے دیں",
}


def strings_for(language_code: str) -> dict[str, str]:
    title = HOME_TITLES.get(language_code)
    return {en.HOME["title"]: title} if title else {}
