"""Free text kept after anonymisation: contact details and the person's name removed."""

from privacy import anonymise

TEXT = (
    "I'm Grace Adeyemi (grace.a@example.org, 07700 900456, HA1 1AA). "
    "The clinic on Station Road closes too early."
)


def test_redaction_removes_contact_details_and_the_name_but_keeps_the_point():
    redacted = anonymise.redact(TEXT, names=["Grace Adeyemi", "grace.a@example.org"])

    for personal in ("Grace", "Adeyemi", "grace.a@example.org", "07700 900456", "HA1 1AA"):
        assert personal not in redacted
    assert "closes too early" in redacted


def test_the_interim_patterns_also_remove_contact_details_and_the_name():
    redacted = anonymise._interim_redact(TEXT, ["Grace Adeyemi"])

    for personal in ("Grace", "Adeyemi", "grace.a@example.org", "07700 900456", "HA1 1AA"):
        assert personal not in redacted
    assert "closes too early" in redacted


def test_an_address_given_is_removed_even_in_an_odd_spelling():
    redacted = anonymise.redact(
        "write to GRACE.A@EXAMPLE.ORG please", names=["grace.a@example.org"]
    )
    assert "example" not in redacted.lower()
