"""English text of the demo pages. This is content, not interface text."""

from django.conf import settings

from privacy import retention

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

# Periods in the privacy notice come from the settings the retention jobs use.
_RESPONSE_MONTHS = retention.DEFAULT_MONTHS
_PANEL_DAYS = getattr(settings, "PANEL_UNCONFIRMED_DAYS", 7)
_EXPLORER_DAYS = settings.EXPLORER_SEARCH_RETENTION_DAYS
_SEARCH_TERM_DAYS = settings.WAGTAILSEARCH_HITS_MAX_AGE
CONTACT = "engagement@example.nhs.uk"
DPO_EMAIL = "dpo@example.nhs.uk"

PRIVACY = {
    "title": "Privacy notice",
    "slug": "privacy-notice",
    "intro": (
        "How NHS North West London uses the information you give us when you take part "
        "in engagement and consultation: what we collect, why, how long we keep it and "
        "your rights."
    ),
    "body": [
        ("heading", "Who we are"),
        (
            "paragraph",
            "NHS North West London is the controller of the information described here. "
            f'Our data protection officer can be reached at <a href="mailto:{DPO_EMAIL}">'
            f"{DPO_EMAIL}</a>, or by post to the Data Protection Officer, NHS North West "
            "London, 15 Marylebone Road, London NW1 5JD.",
        ),
        ("heading", "Consultations and surveys"),
        (
            "paragraph",
            "When you answer a survey we keep your answers. If you choose to give them, we "
            "also keep your name, email address and postcode, whether you want a copy of your "
            "answers or news about the consultation, and who you are responding for. We use "
            "your answers to understand what people think of our proposals and to report on "
            "them to our governing body. We never name you in a report, and quotes have names "
            "and contact details taken out.",
        ),
        (
            "paragraph",
            "If you save your answers to finish later, we use your email address only to send "
            "you the link back to them.",
        ),
        ("heading", "Equality monitoring"),
        (
            "paragraph",
            "The ‘About you’ questions (such as age, ethnic group, disability, religion and "
            "sexual orientation) are optional. We use the answers to check that we are hearing "
            "from every part of our community, and only ever report them as numbers; counts "
            "under 5 are shown as ‘fewer than 5’. They are kept apart from your answers and "
            "only a few staff can see them.",
        ),
        ("heading", "Comments on policy drafts"),
        (
            "paragraph",
            "When you comment on a draft policy we publish your comment on the website, with "
            "the name you choose to show, or as ‘Anonymous’ if you leave it empty. We never "
            "publish your email address: we use it only to tell you when the final policy is "
            "published. Moderators check comments, before or after they appear, and can "
            "hide them.",
        ),
        ("heading", "The Citizens' Panel"),
        (
            "paragraph",
            "If you join the Citizens' Panel we keep your contact details, how you would like "
            "to take part, any access needs, and your answers to optional questions about "
            "yourself. We use them to invite you to surveys, focus groups and events, and to "
            "check that the panel reflects the people who live here. We keep the wording you "
            "agreed to and when you agreed.",
        ),
        ("heading", "Events and access needs"),
        (
            "paragraph",
            "When you sign up for an event we keep your name, email address, phone number if "
            "you give it, and any access needs you tell us about. We use them to give you a "
            "place, send you joining details and reminders, and tell you if the event changes. "
            "Only the event's organisers see your access needs, and only to make arrangements "
            "for you.",
        ),
        ("heading", "Accounts"),
        (
            "paragraph",
            "If you create an account we keep your email address to sign you in and to keep "
            "your responses together. You can download or delete your data yourself from "
            "‘Your data’ when signed in.",
        ),
        ("heading", "Our legal basis"),
        (
            "paragraph",
            "We use this information to carry out our public task of consulting on changes "
            "to NHS services (UK GDPR Article 6(1)(e)). Equality monitoring answers are "
            "special category data, which we use for reasons of substantial public interest "
            "in equality of opportunity (UK GDPR Article 9(2)(g)). Citizens' Panel members' "
            "answers about their health, disability, ethnic group, religion and sexual "
            "orientation are used only with their explicit consent (UK GDPR Article 9(2)(a)), "
            "which they can withdraw at any time by changing their answers or leaving the "
            "panel.",
        ),
        ("heading", "How long we keep it"),
        (
            "list",
            [
                "Survey responses: names, email addresses, phone numbers and ‘About you’ "
                f"answers are deleted {_RESPONSE_MONTHS} months after the consultation closes "
                "(each consultation page can set its own period); free text has names and "
                "contact details taken out, and postcodes are cut to the district. Answers "
                "never sent are deleted then too.",
                "Comments on policy drafts: the name shown and the email address are removed "
                f"{_RESPONSE_MONTHS} months after comments close, and the text has names and "
                "contact details taken out.",
                f"Citizens' Panel: if you do not confirm your email within {_PANEL_DAYS} days, "
                "we delete your sign-up. Members' details are kept while they are members; when "
                "you leave we delete them at once and keep only a count of people who left.",
                "Event sign-ups: kept until you ask us to delete them (we have not yet set a "
                "period after which they are deleted automatically).",
                "Accounts: kept until you delete your account.",
                f"Words typed into this website's search box: {_SEARCH_TERM_DAYS} days after "
                f"they were last searched for. Staff searches of responses: {_EXPLORER_DAYS} "
                "days.",
            ],
        ),
        (
            "paragraph",
            "Responses with names and contact details removed are kept as part of the record "
            "of the consultation, and the published results do not change.",
        ),
        ("heading", "Who sees it"),
        (
            "paragraph",
            "Only staff who need it for their work can see what you tell us, and fewer still "
            "can see contact details and ‘About you’ answers. We do not sell your information "
            "or use it for marketing.",
        ),
        ("heading", "Your rights"),
        (
            "paragraph",
            "You can ask to see the information we hold about you, to have it corrected or "
            "deleted, to restrict how we use it, or object to our using it. If you have an "
            "account you can download or delete your data yourself from ‘Your data’. "
            f"Otherwise email our data protection officer at {DPO_EMAIL}; we will check it is "
            "you before we answer, because anyone can type an email address.",
        ),
        ("heading", "How to complain"),
        (
            "paragraph",
            f"If you are unhappy with how we have used your information, tell us at {DPO_EMAIL}. "
            "You can also complain to the Information Commissioner's Office (ICO), the UK's "
            'data protection regulator: <a href="https://ico.org.uk/make-a-complaint/">'
            "ico.org.uk/make-a-complaint</a>, phone 0303 123 1113, or write to the "
            "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire "
            "SK9 5AF.",
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
            "This website is run by NHS North West London. We want as many people as possible "
            "to be able to use it. You should be able to change colours, contrast levels and "
            "fonts, zoom in up to 400% without the text spilling off the screen, move around "
            "the website using just a keyboard or speech recognition software, and listen to "
            "it using a screen reader. It is built with the NHS.UK design system. Many pages "
            "are available in other languages; pages in Arabic and Urdu are laid out from "
            "right to left.",
        ),
        ("heading", "How accessible this website is"),
        (
            "paragraph",
            "We know some parts of this website are not fully accessible:",
        ),
        (
            "list",
            [
                "some page content has not been translated yet and shows in English on pages "
                "in other languages;",
                "the translations of the website's own words (buttons, messages, labels) were "
                "written by machine and have not yet been checked by native speakers;",
                "our consultations do not have Easy Read versions yet (you can ask us for one);",
                "the staff area of the website (for NHS staff) has not been checked as "
                "thoroughly as the public pages.",
            ],
        ),
        ("heading", "Feedback and contact information"),
        (
            "paragraph",
            "If you need information on this website in a different format, like accessible "
            "PDF, large print, Easy Read, audio recording or braille, email "
            f"{CONTACT}. We will consider your request and get back to you in 10 working days.",
        ),
        ("heading", "Reporting accessibility problems with this website"),
        (
            "paragraph",
            "We are always looking to improve the accessibility of this website. If you find "
            "any problems not listed on this page or think we are not meeting accessibility "
            f"requirements, email {CONTACT} and tell us which page and what went wrong.",
        ),
        ("heading", "Enforcement procedure"),
        (
            "paragraph",
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018 (the ‘accessibility regulations’). If you are not happy with how "
            "we respond to your complaint, contact the Equality Advisory and Support Service "
            "(EASS). If you are in Northern Ireland, contact the Equality Commission for "
            "Northern Ireland (ECNI).",
        ),
        ("heading", "Technical information about this website's accessibility"),
        (
            "paragraph",
            "NHS North West London is committed to making its website accessible, in "
            "accordance with the Public Sector Bodies (Websites and Mobile Applications) "
            "(No. 2) Accessibility Regulations 2018.",
        ),
        ("heading", "Compliance status"),
        (
            "paragraph",
            "This website is partially compliant with the Web Content Accessibility Guidelines "
            "version 2.2 AA standard, due to the non-compliances listed below.",
        ),
        ("heading", "Non-accessible content"),
        (
            "paragraph",
            "Pages in other languages can contain passages that are still in English. These "
            "passages are marked with their language so screen readers read them correctly, "
            "but people who do not read English cannot understand them. We add translations "
            "as translators finish them.",
        ),
        (
            "paragraph",
            "Our consultations have no Easy Read versions. Each consultation page says how to "
            "ask for one.",
        ),
        (
            "paragraph",
            "The words of the website itself in Polish, Romanian, Spanish, Portuguese, Bengali, "
            "Gujarati, Urdu, Arabic and Somali have not been checked by native speakers, so "
            "some may be hard to understand.",
        ),
        ("heading", "What we are doing to improve accessibility"),
        (
            "paragraph",
            "Every public page type and form state is tested automatically with axe-core "
            "against WCAG 2.2 A and AA, in English and Arabic, and the "
            "main journeys are tested in a browser without JavaScript. This website has not "
            "yet been tested by an independent auditor.",
        ),
        ("heading", "Preparation of this accessibility statement"),
        (
            "paragraph",
            "This statement was prepared on 2 December 2026. It was last reviewed on "
            "2 December 2026. The website was last tested on 2 December 2026, by our own "
            "team, using automated checks and manual checks of every public page type.",
        ),
    ],
}


def area_intro(short_name: str) -> str:
    return (
        f"What the proposed merger means for health services in {short_name}, "
        "and how to take part in local meetings and surveys."
    )
