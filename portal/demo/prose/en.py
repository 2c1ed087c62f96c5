"""English text of the demo pages. This is content, not interface text."""

HOME = {
    "title": "NHS North West London: have your say",
    "intro": (
        "The eight clinical commissioning groups in North West London are proposing to "
        "merge into a single commissioning body. Before we decide, we want to hear from "
        "the people who live and work here."
    ),
    "body": [
        ("heading", "What we are proposing"),
        (
            "paragraph",
            "Clinical commissioning groups (CCGs) plan and buy NHS services such as hospital "
            "care, mental health services and community services. North West London has "
            "eight: Brent, Central London, Ealing, Hammersmith and Fulham, Harrow, "
            "Hillingdon, Hounslow and West London.",
        ),
        (
            "paragraph",
            "We propose to bring the eight together as one organisation for North West "
            "London. Each borough would keep a local team and a local committee, so that "
            "decisions about local services are still made close to the people who use them.",
        ),
        ("heading", "Why we are proposing it"),
        (
            "paragraph",
            "The eight CCGs already work together on many services. Working as one "
            "organisation would mean fewer separate meetings and reports, the same standards "
            "of care across North West London, and one place to plan services that cross "
            "borough boundaries.",
        ),
        ("heading", "How to have your say"),
        (
            "paragraph",
            "Read about the proposal, then answer our short survey. You can also come to a "
            "public meeting in your area or write to us. Every response is read.",
        ),
        (
            "paragraph",
            "When the engagement period ends we will publish a report of what people told "
            "us and what we did about it.",
        ),
        (
            "inset_text",
            "If you would like this information in another language, in large print or in "
            "easy read, email engagement@example.nhs.uk.",
        ),
    ],
}

ABOUT = {
    "title": "About us",
    "slug": "about-us",
    "intro": (
        "NHS North West London plans and pays for health services for the people of "
        "eight London boroughs."
    ),
    "body": [
        (
            "paragraph",
            "We work with hospitals, GP practices, mental health and community services, "
            "local councils and voluntary organisations to make sure local people can get "
            "the care they need.",
        ),
        ("heading", "How we make decisions"),
        (
            "paragraph",
            "Our decisions are made in public by our governing body. Papers and minutes of "
            "its meetings are published on this website.",
        ),
        ("heading", "How we listen"),
        (
            "paragraph",
            "Before we change a service, we ask the people who use it. We run surveys and "
            "public meetings, work with Healthwatch and local voluntary groups, and have a "
            "Citizens' Panel of local residents who answer questions about health services "
            "a few times a year.",
        ),
    ],
}

PRIVACY = {
    "title": "Privacy notice",
    "slug": "privacy-notice",
    "intro": (
        "How NHS North West London uses the information you give us when you take part "
        "in engagement and consultation."
    ),
    "body": [
        ("heading", "What we collect"),
        (
            "paragraph",
            "When you answer a survey or comment on a proposal, we keep what you tell us. "
            "If you choose to give them, we also keep your name, email address and "
            "postcode, and your answers to equality monitoring questions.",
        ),
        ("heading", "Why we collect it"),
        (
            "paragraph",
            "We use your answers to understand what people think of our proposals and to "
            "report on them. We use equality monitoring answers to check that we are "
            "hearing from every part of our community. We never name you in a report.",
        ),
        ("heading", "Our legal basis"),
        (
            "paragraph",
            "We use this information to carry out our public task of consulting on changes "
            "to NHS services (UK GDPR Article 6(1)(e)). Equality monitoring answers are "
            "special category data, which we use for reasons of substantial public "
            "interest (UK GDPR Article 9(2)(g)).",
        ),
        ("heading", "How long we keep it"),
        (
            "paragraph",
            "We keep contact details only as long as we need them to keep you informed "
            "about the consultation, then delete them. Responses with names and contact "
            "details removed are kept as part of the record of the consultation.",
        ),
        ("heading", "Your rights"),
        (
            "paragraph",
            "You can ask to see, correct or delete the information we hold about you by "
            "emailing engagement@example.nhs.uk. You can also complain to the Information "
            "Commissioner's Office.",
        ),
    ],
}

ACCESSIBILITY = {
    "title": "Accessibility statement",
    "slug": "accessibility-statement",
    "intro": "This statement covers the NHS North West London engagement website.",
    "body": [
        (
            "paragraph",
            "We want everyone to be able to use this website. It is built with the NHS.UK "
            "design system and should work with a keyboard alone, with screen readers and "
            "speech recognition software, and when you zoom in or change colours and text "
            "size.",
        ),
        ("heading", "Pages in other languages"),
        (
            "paragraph",
            "Many pages are available in other languages. Pages in Arabic and Urdu are laid "
            "out from right to left.",
        ),
        ("heading", "Reporting a problem"),
        (
            "paragraph",
            "If you find part of this website hard to use, or need information in a "
            "different format, email engagement@example.nhs.uk and tell us which page and "
            "what went wrong.",
        ),
        ("heading", "How accessible this website is"),
        (
            "paragraph",
            "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at "
            "level AA. This website has not yet been tested by an independent auditor.",
        ),
    ],
}


def area_intro(short_name: str) -> str:
    return (
        f"What the proposed merger means for health services in {short_name}, "
        "and how to take part in local meetings and surveys."
    )
