"""The eight pan-London "Choosing Wisely" commissioning policies, as demo drafts.

The section texts are short illustrations written for the demo: they describe the
shape of each draft policy, not its real clinical criteria.
"""

POLICIES = [
    ("benign-skin-lesions", "Benign skin lesions", "removing harmless skin lumps, moles and cysts"),
    ("hip-arthroplasty", "Hip arthroplasty", "hip replacement surgery"),
    ("knee-arthroplasty", "Knee arthroplasty", "knee replacement surgery"),
    ("knee-arthroscopy", "Knee arthroscopy", "keyhole surgery inside the knee"),
    (
        "back-pain-interventions",
        "Back pain interventions",
        "injections and other procedures for low back pain",
    ),
    ("varicose-veins", "Varicose veins", "treating varicose veins"),
    ("shoulder-decompression", "Shoulder decompression", "shoulder decompression surgery"),
    ("cataract-surgery", "Cataract surgery", "cataract surgery"),
]

# Policies that reach a second version in the demo.
SECOND_VERSION = {"knee-arthroscopy", "cataract-surgery"}


def sections(subject: str) -> list[tuple[str, str]]:
    return [
        (
            "What this policy covers",
            f"This draft policy is about {subject}. It would apply in the same way across "
            "London, so that where you live does not change what the NHS offers.",
        ),
        (
            "When the NHS would fund it",
            "The draft sets out the clinical situations in which the treatment is most "
            "likely to help. Your specialist would check these with you.",
        ),
        (
            "When it would not usually be funded",
            "The draft lists situations where the evidence shows the treatment is unlikely "
            "to help, or where another treatment should be tried first.",
        ),
        (
            "Asking for an exception",
            "If your situation is unusual, your clinician can ask for an individual "
            "funding request to be considered.",
        ),
    ]


SECOND_VERSION_CHANGE = (
    "The draft lists situations where the evidence shows the treatment is unlikely to help, "
    "or where another treatment should be tried first. After comments, we have added that "
    "people who cannot take part in other treatments because of a disability will be "
    "assessed individually."
)

COMMENTS = [
    ("individual", "", "Please make the criteria easy to understand for patients."),
    ("professional", "Local GP federation", "Referral forms should match these criteria."),
    ("organisation", "Healthwatch Hillingdon", "People told us waiting times matter most."),
    ("organisation", "Ealing patient participation group", "Include carers in decisions."),
    ("individual", "", "Will this apply to people already on the waiting list?"),
]
