"""Make "answer our short survey" on the English home page a link to the survey.

The home page is written before the consultations exist, so the link is added once
the main consultation has been created (a rich-text link to the page, as an editor
would make it). Translated home pages keep their own text; the home page's "Have
your say now" list links every open consultation in every language.
"""

PHRASE = "answer our short survey"


def link_survey(home, consultation) -> bool:
    """Link PHRASE in ``home``'s body to ``consultation``, once; True if changed."""
    changed = False
    raw = list(home.body.raw_data)
    for block in raw:
        if block["type"] != "paragraph":
            continue
        text = block["value"]
        if PHRASE in text and f">{PHRASE}</a>" not in text:
            block["value"] = text.replace(
                PHRASE, f'<a linktype="page" id="{consultation.pk}">{PHRASE}</a>', 1
            )
            changed = True
    if changed:
        home.body = raw
        home.save_revision().publish()
    return changed
