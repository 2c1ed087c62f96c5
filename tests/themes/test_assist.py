"""themes.assist.predict: coding suggestions learnt from people's codes, abstaining when unsure."""

import numpy as np

from themes import assist

EXAMPLES = [
    ("I waited weeks for an appointment", "Waiting"),
    ("The wait to see a doctor is far too long", "Waiting"),
    ("Three hours in the waiting room", "Waiting"),
    ("The receptionist was rude to me", "Staff manner"),
    ("The nurse was unkind and dismissive", "Staff manner"),
    ("Staff were impolite on the phone", "Staff manner"),
    ("There is nowhere to park at the hospital", "Getting there"),
    ("The bus to the clinic hardly ever runs", "Getting there"),
    ("Parking costs too much", "Getting there"),
]


def test_suggests_the_theme_of_similar_coded_answers_with_a_confidence():
    results = assist.predict(
        EXAMPLES,
        ["I had to wait a month to be seen", "The doctor was rude and did not listen"],
        threshold=0.0,
    )
    assert [name for name, _c in results] == ["Waiting", "Staff manner"]
    assert all(0 < confidence <= 1 for _n, confidence in results)


def test_answers_in_another_language_are_suggested_from_english_codes():
    results = assist.predict(EXAMPLES, ["Czekałem miesiąc na wizytę u lekarza"], threshold=0.0)
    assert results[0][0] == "Waiting"


def test_abstains_below_the_confidence_threshold():
    vectors = np.eye(3, dtype=np.float32)
    examples = [("a", "A"), ("a2", "A"), ("b", "B"), ("b2", "B")]
    example_vectors = np.vstack([vectors[0], vectors[0], vectors[1], vectors[1]])
    halfway = (vectors[0] + vectors[1]) / np.sqrt(2)
    results = assist.predict(
        examples,
        ["clearly A", "between A and B"],
        example_vectors=example_vectors,
        text_vectors=np.vstack([vectors[0], halfway]),
        threshold=0.6,
    )
    assert results[0][0] == "A" and results[0][1] >= 0.6
    assert results[1][0] is None and 0.4 < results[1][1] < 0.6


def test_with_too_few_codes_or_a_single_theme_it_abstains_on_everything():
    assert assist.predict(EXAMPLES[:2], ["anything", "else"]) == [(None, 0.0), (None, 0.0)]
    one_theme = [(text, "Waiting") for text, _name in EXAMPLES]
    assert assist.predict(one_theme, ["anything"]) == [(None, 0.0)]
    assert assist.predict(EXAMPLES, []) == []
