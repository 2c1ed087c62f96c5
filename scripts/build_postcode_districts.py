"""Build consultations/data/postcode_districts_nwl.csv from OS Code-Point Open.

Usage: python scripts/build_postcode_districts.py <codepo_gb.zip> [output.csv]

Code-Point Open (Ordnance Survey, Open Government Licence) lists every current
postcode in Great Britain with the ONS code of its local authority district. For
each postcode district (outward code) that has any postcode in one of the eight
North West London boroughs, this writes how many of the district's postcodes lie
in each of those boroughs and how many the district has in all. Nothing is
estimated: every number is a count of rows in the source file.
"""

import csv
import io
import re
import sys
import zipfile
from collections import Counter, defaultdict

BOROUGHS = {
    "E09000005": "Brent",
    "E09000009": "Ealing",
    "E09000013": "Hammersmith and Fulham",
    "E09000015": "Harrow",
    "E09000017": "Hillingdon",
    "E09000018": "Hounslow",
    "E09000020": "Kensington and Chelsea",
    "E09000033": "Westminster",
}
DISTRICT_COLUMN = 8  # Admin_district_code, see Doc/Code-Point_Open_Column_Headers.csv


def count(zip_path):
    by_district = defaultdict(Counter)
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():
            if not (name.startswith("Data/CSV/") and name.endswith(".csv")):
                continue
            with archive.open(name) as raw:
                for row in csv.reader(io.TextIOWrapper(raw, encoding="ascii")):
                    postcode = row[0]
                    outward = postcode[:-3].strip()
                    by_district[outward][row[DISTRICT_COLUMN]] += 1
    return by_district


def sort_key(district):
    """HA2 before HA10; W1A before W2."""
    area, number, suffix = re.match(r"([A-Z]+)([0-9]+)([A-Z]?)", district).groups()
    return (area, int(number), suffix)


def main(zip_path, out_path):
    by_district = count(zip_path)
    rows = []
    for district in sorted(by_district, key=sort_key):
        counts = by_district[district]
        total = sum(counts.values())
        for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if code in BOROUGHS:
                rows.append([district, code, BOROUGHS[code], n, total])
    with open(out_path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(
            [
                "district",
                "borough_code",
                "borough_name",
                "postcodes_in_borough",
                "postcodes_in_district",
            ]
        )
        writer.writerows(rows)
    print(f"{len({r[0] for r in rows})} districts, {len(rows)} rows -> {out_path}")


if __name__ == "__main__":
    main(
        sys.argv[1],
        sys.argv[2] if len(sys.argv) > 2 else "consultations/data/postcode_districts_nwl.csv",
    )
