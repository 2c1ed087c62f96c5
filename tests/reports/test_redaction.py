"""Personal data never survives redaction (reports.redaction, no database)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.redaction import is_valid_nhs_number, name_parts, redact

# Context words around the personal data: letters, punctuation and spaces, plus
# numbers that stand apart (a year, a count); no @ so no accidental email.
words = st.lists(
    st.one_of(
        st.text(
            alphabet=st.characters(categories=["L", "P", "Zs"], exclude_characters="@\x00"),
            max_size=12,
        ),
        st.integers(min_value=1, max_value=99).map(str),
    ),
    max_size=6,
).map(" ".join)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def nhs_numbers():
    def with_check(nine):
        total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        return None if check == 10 else nine + str(check)

    return (
        st.text(alphabet="0123456789", min_size=9, max_size=9)
        .map(with_check)
        .filter(lambda n: n is not None)
        .flatmap(
            lambda n: st.sampled_from([n, f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}"])
        )
    )


def uk_phone_numbers():
    d = st.text(alphabet="0123456789", min_size=1, max_size=1)
    mobile = st.lists(d, min_size=9, max_size=9).map("".join)
    london = st.lists(d, min_size=8, max_size=8).map("".join)
    area = st.lists(d, min_size=6, max_size=6).map("".join)
    return st.one_of(
        mobile.flatmap(
            lambda m: st.sampled_from(
                [
                    f"07{m}",
                    f"07{m[:3]} {m[3:]}",
                    f"+44 7{m[:3]} {m[3:]}",
                    f"+447{m}",
                    f"+44 (0)7{m[:3]} {m[3:]}",
                    f"0044 7{m}",
                    f"07{m[:3]}-{m[3:]}",
                ]
            )
        ),
        london.flatmap(
            lambda n: st.sampled_from(
                [f"020 {n[:4]} {n[4:]}", f"(020) {n[:4]} {n[4:]}", f"+44 20 {n[:4]} {n[4:]}"]
            )
        ),
        area.flatmap(
            lambda n: st.sampled_from([f"01632 {n}", f"0161 {n[:3]} {n[3:]}1", f"(01632) {n}"])
        ),
    )


def postcodes():
    letter = st.sampled_from("ABCDEFGHJKLMNOPRSTUWYZ")
    inward = st.tuples(digits, letter, letter).map("".join)
    outward = st.one_of(
        st.tuples(letter, digits).map("".join),
        st.tuples(letter, digits, digits).map("".join),
        st.tuples(letter, letter, digits).map("".join),
        st.tuples(letter, letter, digits, digits).map("".join),
        st.tuples(letter, digits, letter).map("".join),
        st.tuples(letter, letter, digits, letter).map("".join),
    )
    return (
        st.tuples(outward, st.sampled_from([" ", "", "  "]), inward)
        .map(lambda t: "".join(t))
        .flatmap(lambda code: st.sampled_from([code, code.lower()]))
    )


def survives(secret: str, text: str) -> bool:
    return secret.casefold() in text.casefold()


@settings(max_examples=150, deadline=None)
@given(before=words, email=st.emails(), after=words)
def test_an_email_address_never_survives_redaction(before, email, after):
    redacted = redact(f"{before} {email} {after}")
    assert not survives(email, redacted)
    assert "[email removed]" in redacted


@settings(max_examples=150, deadline=None)
@given(before=words, phone=uk_phone_numbers(), after=words)
def test_a_uk_phone_number_never_survives_redaction(before, phone, after):
    redacted = redact(f"{before} {phone} {after}")
    assert not survives(phone, redacted)
    national = re.sub(r"\D", "", phone)
    assert national not in re.sub(r"\D", "", redacted) or len(national) < 10


@settings(max_examples=150, deadline=None)
@given(before=words, number=nhs_numbers(), after=words)
def test_a_valid_nhs_number_never_survives_redaction(before, number, after):
    redacted = redact(f"{before} {number} {after}")
    assert not survives(number, redacted)


@settings(max_examples=150, deadline=None)
@given(before=words, postcode=postcodes(), after=words)
def test_a_postcode_never_survives_redaction(before, postcode, after):
    redacted = redact(f"{before} {postcode} {after}")
    assert not survives(postcode, redacted)


def test_nhs_number_check_digit():
    assert is_valid_nhs_number("943 476 5919")
    assert is_valid_nhs_number("9434765919")
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("12345")


def test_a_valid_nhs_number_is_named_and_an_invalid_one_is_left():
    assert redact("NHS no 943 476 5919.") == "NHS no [NHS number removed]."
    assert redact("Ref 943 476 5918.") == "Ref 943 476 5918."
    # A ten-digit run starting with 0 may well be a phone number.
    assert redact("Call 0123456780") == "Call [phone number removed]"


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+44 (0)20 7946 0958",
        "(020) 7946 0958",
        "020 7946 0958",
        "0161 496 0000",
        "0044 20 7946 0958",
        "+447700900123",
    ],
)
def test_uk_phone_numbers_in_their_usual_forms_are_removed(phone):
    assert redact(f"Ring {phone} today") == "Ring [phone number removed] today"


@pytest.mark.parametrize(
    "text",
    [
        "Born 3 March 1975 in Harrow",
        "DOB: 01/02/1980",
        "date of birth 1980-02-01",
        "born on March 3, 1975",
        "d.o.b. 3.3.75",
        "I was born on the 1st of January 1950",
    ],
)
def test_dates_of_birth_are_removed(text):
    assert "[date of birth removed]" in redact(text)
    assert not re.search(r"19[57]\d|\b75\b", redact(text))


def test_recent_dates_that_are_not_birth_dates_stay():
    assert redact("The clinic closed on 12 March 2025.") == "The clinic closed on 12 March 2025."
    assert redact("I have waited since 2019.") == "I have waited since 2019."


def test_the_respondents_own_name_is_removed_in_any_case_as_whole_words():
    text = "Sam Patel here. SAM said patel-jones is my sister; Samuel and Samantha agree."
    redacted = redact(text, names=["Sam Patel"])
    assert redacted == (
        "[name removed] [name removed] here. [name removed] said [name removed]-jones is my "
        "sister; Samuel and Samantha agree."
    )


def test_name_parts_of_one_letter_are_not_looked_for():
    assert name_parts("J. R. Hartley") == ["Hartley"]
    assert redact("A plan for J", names=["J A"]) == "A plan for J"


def test_manual_phrases_are_removed_even_when_typed_from_the_redacted_quote():
    text = "Dr Okafor at Bridge Street surgery was rude. Email a@b.com"
    assert redact(text, phrases=["Bridge Street surgery"]) == (
        "Dr Okafor at [removed] was rude. Email [email removed]"
    )
    assert redact(text, phrases=["rude. Email [email removed]"]) == (
        "Dr Okafor at Bridge Street surgery was [removed]"
    )


def test_a_name_that_is_also_a_marker_word_does_not_break_the_markers():
    redacted = redact("Call 07700 900123 or email x@y.org", names=["Phone Email"])
    assert redacted == "Call [phone number removed] or email [email removed]".replace(
        "or email", "or [name removed]"
    )
