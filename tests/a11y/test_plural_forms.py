"""Each catalogue counts the way its language does (CLDR plural rules).

"0 نتيجة" is wrong Arabic: Arabic has six forms (zero, one, two, few, many, other),
Polish four, Romanian and Spanish three. A catalogue whose Plural-Forms header does
not split numbers the way the language does shows the wrong word next to a count,
whatever the translator wrote."""

import gettext
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"

# CLDR plural categories for whole numbers (unicode.org/cldr, plurals.xml, the
# "cardinal" rules; v = 0 and i = n for integers). Categories that only apply to
# fractions are listed in FRACTION_ONLY: the catalogue may give them a form no whole
# number reaches.
CLDR = {
    "ar": lambda n: (
        "zero"
        if n == 0
        else "one"
        if n == 1
        else "two"
        if n == 2
        else "few"
        if 3 <= n % 100 <= 10
        else "many"
        if 11 <= n % 100 <= 99
        else "other"
    ),
    "bn": lambda n: "one" if n in (0, 1) else "other",  # i = 0 or n = 1
    "gu": lambda n: "one" if n in (0, 1) else "other",  # i = 0 or n = 1
    "es": lambda n: "one" if n == 1 else "many" if n != 0 and n % 1_000_000 == 0 else "other",
    "pt": lambda n: (  # the site's Portuguese is European (pt-PT): one is i = 1 and v = 0
        "one" if n == 1 else "many" if n != 0 and n % 1_000_000 == 0 else "other"
    ),
    "pl": lambda n: (
        "one" if n == 1 else "few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "many"
    ),
    "ro": lambda n: "one" if n == 1 else "few" if n == 0 or 1 <= n % 100 <= 19 else "other",
    "so": lambda n: "one" if n == 1 else "other",
    "ur": lambda n: "one" if n == 1 else "other",
}
FRACTION_ONLY = {"pl": {"other"}}
NUMBERS = [*range(0, 1201), 1_000_000, 2_000_000, 1_000_001, 10_000_000]


def plural_forms(language: str) -> tuple[int, str]:
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    header = re.search(r'"Plural-Forms: nplurals=(\d+); plural=(.*?);?\\n"', po)
    assert header, f"{language}: no Plural-Forms header"
    return int(header.group(1)), header.group(2)


@pytest.mark.parametrize("language", sorted(CLDR))
def test_the_catalogue_splits_numbers_the_way_the_language_does(language):
    nplurals, expression = plural_forms(language)
    form_of = gettext.c2py(expression)
    rule = CLDR[language]
    forms_by_category: dict[str, set[int]] = {}
    for n in NUMBERS:
        form = form_of(n)
        assert 0 <= form < nplurals, f"{language}: {n} gets form {form} of {nplurals}"
        forms_by_category.setdefault(rule(n), set()).add(form)
    for category, forms in forms_by_category.items():
        assert len(forms) == 1, f"{language}: '{category}' numbers get forms {forms}"
    used = [next(iter(forms)) for forms in forms_by_category.values()]
    assert len(set(used)) == len(used), f"{language}: two categories share a form"
    categories = len(forms_by_category) + len(FRACTION_ONLY.get(language, ()))
    assert nplurals == categories, f"{language}: {nplurals} forms for {categories} categories"


def test_every_plural_entry_has_a_form_for_each_category():
    for language in CLDR:
        nplurals, _ = plural_forms(language)
        po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        for entry in po.split("\n\n"):
            if "\nmsgid_plural " not in "\n" + entry or entry.startswith("#~"):
                continue
            indices = sorted(int(i) for i in re.findall(r"^msgstr\[(\d+)\]", entry, re.M))
            assert indices == list(range(nplurals)), f"{language}: {entry[:200]}"


SEARCH_COUNT = Template(
    "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} result"
    "{% plural %}{{ counter }} results{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "لا توجد نتائج"),
        (1, "نتيجة واحدة"),
        (2, "نتيجتان"),
        (3, "3 نتائج"),
        (11, "11 نتيجة"),
        (100, "100 نتيجة"),
    ],
)
def test_the_number_of_search_results_reads_right_in_arabic(n, expected):
    with translation.override("ar"):
        assert SEARCH_COUNT.render(Context({"n": n})) == expected
