"""The consultation document and the postal address of the demo's main consultation.

The document is a short PDF made with WeasyPrint (the library the feedback reports
use) from the proposal's own text, stored as a Wagtail document, so the page's
"Documents" list links to a real file.
"""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

DOCUMENT_TITLE = "Consultation document: a single commissioning organisation (PDF)"
POSTAL_ADDRESS = (
    "<p><b>By post:</b> Engagement Team, NHS North West London, 15 Marylebone Road, "
    "London NW1 5JD.</p>"
)
PROPOSAL = """
<h1>A single commissioning organisation for North West London</h1>
<p>Consultation document</p>
<h2>What we are proposing</h2>
<p>We propose to bring the eight clinical commissioning groups in North West London
(Brent, Central London, Ealing, Hammersmith and Fulham, Harrow, Hillingdon, Hounslow
and West London) together as one organisation. Each borough would keep a local team
and a local committee.</p>
<h2>How to respond</h2>
<p>Answer the survey online, come to a public meeting, or write to the Engagement
Team, NHS North West London, 15 Marylebone Road, London NW1 5JD.</p>
"""


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def add_to(page) -> bool:
    """Give ``page`` the consultation document and a postal address, once."""
    changed = False
    if not page.documents:
        document_model = get_document_model()
        document = document_model(title=DOCUMENT_TITLE)
        document.file.save("consultation-document.pdf", ContentFile(_pdf(PROPOSAL)), save=False)
        document.save()
        page.documents = [
            {
                "type": "document",
                "value": {
                    "kind": "main",
                    "title": DOCUMENT_TITLE,
                    "document": document.pk,
                    "url": "",
                    "language": "",
                },
            }
        ]
        changed = True
    if "By post" not in page.other_ways_to_respond:
        page.other_ways_to_respond = f"{page.other_ways_to_respond}{POSTAL_ADDRESS}"
        changed = True
    if changed:
        page.save_revision().publish()
    return changed
