"""Survey definitions for the demo consultations, as Wagtail raw StreamField data."""

import uuid


def _id() -> str:
    return str(uuid.uuid4())


def options(*labels):
    return [{"type": "item", "value": label, "id": _id()} for label in labels]


def question(block_type, text, *, reference="", required=True, hint="", show_if=None, **extra):
    value = {
        "question": text,
        "hint": hint,
        "required": required,
        "reference": reference,
        "show_if": show_if or {"question": "", "answer": ""},
        **extra,
    }
    return {"type": block_type, "value": value, "id": _id()}


def about_you():
    return {
        "type": "about_you",
        "value": {
            "intro": (
                "These questions are optional. Your answers help us check we are hearing "
                "from everyone. They are stored separately from your other answers."
            ),
            "show_if": {"question": "", "answer": ""},
        },
        "id": _id(),
    }


def step(title, questions, show_if=None):
    return {
        "type": "step",
        "value": {
            "title": title,
            "show_if": show_if or {"question": "", "answer": ""},
            "questions": questions,
        },
        "id": _id(),
    }


def single_commissioner_survey():
    return [
        step(
            "Your views on the proposal",
            [
                question(
                    "likert",
                    "We propose that the eight clinical commissioning groups in North West "
                    "London merge into a single commissioning organisation. How far do you "
                    "agree?",
                    reference="agree-merge",
                    include_dont_know=True,
                ),
                question(
                    "long_text",
                    "Please tell us the reasons for your answer.",
                    reference="why",
                    required=False,
                    max_length=2000,
                ),
                question(
                    "multiple_choice",
                    "What should a single commissioner keep local?",
                    reference="keep-local",
                    options=options(
                        "Decisions about GP services",
                        "Community services",
                        "Mental health services",
                        "Engagement with local people",
                    ),
                    allow_other=True,
                    required=False,
                ),
            ],
        ),
        # The person's postcode is asked once, with their contact details in the fixed
        # "About your response" step, and kept apart from what they said.
        step("About you", [about_you()]),
    ]


def young_people_survey():
    return [
        step(
            "About you",
            [
                question(
                    "single_choice",
                    "How old are you?",
                    reference="age-group",
                    options=options("13 to 15", "16 to 18", "19 to 24"),
                ),
                question(
                    "yes_no",
                    "Do you know how to get an appointment with your GP on your own?",
                    reference="gp-on-own",
                ),
            ],
        ),
        step(
            "School, college and work",
            [
                question(
                    "single_choice",
                    "Are you at school, college, university, working or something else?",
                    reference="occupation",
                    options=options("School", "College", "University", "Working", "Something else"),
                ),
            ],
            show_if={"question": "age-group", "answer": "19 to 24"},
        ),
        step(
            "Your health",
            [
                question(
                    "rating",
                    "How would you rate the help you get with your mental health?",
                    reference="mh-rating",
                    scale=5,
                    low_label="Very poor",
                    high_label="Very good",
                    required=False,
                ),
                question(
                    "ranking",
                    "Put these in order: what would help young people most?",
                    reference="help-ranking",
                    options=options(
                        "Drop-in clinics after school",
                        "Online and text support",
                        "Shorter waits for mental health services",
                        "Health information in schools",
                    ),
                    required=False,
                ),
                question(
                    "long_text",
                    "Is there anything else you want to tell us?",
                    reference="anything-else",
                    required=False,
                    max_length=1000,
                ),
            ],
        ),
    ]


def gp_access_survey():
    return [
        step(
            "Getting an appointment",
            [
                question(
                    "single_choice",
                    "How did you last book a GP appointment?",
                    reference="booking",
                    options=options("Phone", "Online", "In person at the practice", "NHS App"),
                ),
                question(
                    "likert",
                    "It is easy to get a GP appointment when I need one.",
                    reference="easy-access",
                    include_dont_know=True,
                ),
                question(
                    "long_text",
                    "What one thing would make getting an appointment better?",
                    reference="improve",
                    required=False,
                    max_length=2000,
                ),
            ],
        ),
        step(
            "About you",
            [about_you()],
        ),
    ]


def feedback_survey():
    return [
        step(
            "Your feedback",
            [
                question(
                    "short_text",
                    "Which service is your feedback about?",
                    reference="service",
                    hint="For example, the name of a GP practice, clinic or hospital department.",
                    max_length=200,
                ),
                question(
                    "rating",
                    "Overall, how was your experience?",
                    reference="experience",
                    scale=5,
                    low_label="Very poor",
                    high_label="Very good",
                ),
                question(
                    "long_text",
                    "Tell us what happened, and what could be better.",
                    reference="feedback",
                    max_length=3000,
                ),
            ],
        ),
    ]
