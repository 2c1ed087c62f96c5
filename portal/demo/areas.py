"""The eight North West London places, as ``Area`` snippets.

ONS codes are those of each place's local authority, checked against the Census
2021 tables for North West London.
"""

from dataclasses import dataclass

from portal.models import Area


@dataclass(frozen=True)
class Place:
    name: str
    slug: str
    ons_code: str
    kind: str
    description: str
    short_name: str  # used in running text: "health services in Brent"


def _single_borough(name, slug, ons_code, council):
    return Place(
        name=name,
        slug=slug,
        ons_code=ons_code,
        kind=Area.Kind.BOROUGH,
        description=f"Covered by NHS {name} Clinical Commissioning Group. "
        f"Local authority: {council}.",
        short_name=name,
    )


PLACES = [
    _single_borough("Brent", "brent", "E09000005", "London Borough of Brent"),
    Place(
        name="Central London (Westminster)",
        slug="central-london",
        ons_code="E09000033",
        kind=Area.Kind.PLACE,
        description=(
            "Covered by NHS Central London Clinical Commissioning Group: the City of "
            "Westminster, apart from Queen's Park and Paddington, which were part of "
            "West London CCG. Local authority: Westminster City Council."
        ),
        short_name="Central London",
    ),
    _single_borough("Ealing", "ealing", "E09000009", "London Borough of Ealing"),
    _single_borough(
        "Hammersmith and Fulham",
        "hammersmith-and-fulham",
        "E09000013",
        "London Borough of Hammersmith and Fulham",
    ),
    _single_borough("Harrow", "harrow", "E09000015", "London Borough of Harrow"),
    _single_borough("Hillingdon", "hillingdon", "E09000017", "London Borough of Hillingdon"),
    _single_borough("Hounslow", "hounslow", "E09000018", "London Borough of Hounslow"),
    Place(
        name="West London (Kensington and Chelsea, Queen's Park and Paddington)",
        slug="west-london",
        ons_code="E09000020",
        kind=Area.Kind.PLACE,
        description=(
            "Covered by NHS West London Clinical Commissioning Group: the Royal Borough "
            "of Kensington and Chelsea, and also Queen's Park and Paddington in "
            "Westminster. The ONS code is that of the main borough, Kensington and Chelsea."
        ),
        short_name="West London",
    ),
]


def load(context) -> str:
    created = 0
    for place in PLACES:
        area, was_created = Area.objects.get_or_create(
            slug=place.slug,
            defaults={
                "name": place.name,
                "ons_code": place.ons_code,
                "kind": place.kind,
                "description": place.description,
            },
        )
        context.areas[place.slug] = area
        created += was_created
    return f"{created} areas created, {len(PLACES) - created} already there"
