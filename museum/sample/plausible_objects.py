"""Plausible objects in the style of the museum's catalogue, composed from typical object types of each
gallery (sample data: written for demonstration, not records of real objects)."""

from __future__ import annotations

from museum.catalogue.chinese import to_traditional
from museum.catalogue.vocabulary import by_key, label, lookup_value
from museum.sample.data import read_data


def object_types() -> dict[str, list[dict]]:
    """gallery -> typical object types: names in five languages (zh-Hant is converted), category, material,
    the period keys of its variants, height in cm and find site (``data/object_types.json``)."""
    return read_data("object_types.json")


def plausible_records() -> list[dict]:
    return [record for _kind, record in plausible_kinds()]


def plausible_kinds() -> list[tuple[dict, dict]]:
    """(object type, record) for each plausible record: the record and the type it was made from."""
    records = []
    for gallery_index, (gallery, types) in enumerate(object_types().items(), start=1):
        for type_index, kind in enumerate(types):
            zh, en, ja, ko, fr = (kind[lang] for lang in ("zh", "en", "ja", "ko", "fr"))
            material, periods = kind["material"], kind["periods"]
            height, site = kind["height_cm"], kind["find_site"]
            category = kind["category"]
            for variant, period_key in enumerate(periods):
                period = by_key("period", period_key)
                number = gallery_index * 100 + type_index * 2 + variant + 1
                period_zh = period.names["zh"]
                title_zh = f"{period_zh}{zh}"
                place_zh = f"{site}出土，" if site else ""
                site_en = label("place", lookup_value("place", site), "en")[0] if site else ""
                place_en = f" found at {site_en}," if site else ""
                material_en = label("material", lookup_value("material", material), "en")[0].lower()
                size = round(height * (1 + 0.12 * variant), 1)
                records.append((kind, {
                    "accession_number": f"S{2000 + gallery_index}.{number:04d}",
                    "title": {"zh": title_zh, "zh-Hant": to_traditional(title_zh),
                              "en": f"{en[0].upper()}{en[1:]}, {period.names['en']}",
                              "ja": f"{period.names['ja']} {ja}", "ko": f"{period.names['ko']} {ko}",
                              "fr": f"{fr[0].upper()}{fr[1:]}, {period.names['fr']}"},
                    "description": {
                        "zh": f"{title_zh}，{place_zh}{material}质，高约{size}厘米。"
                              "样例记录，仿照三峡博物馆藏品编写。",
                        "en": f"A {en} of the {period.names['en']} period,{place_en} in {material_en} "
                              f"({size} cm high). Sample record written in the style of the museum's "
                              "collection."},
                    "category": category, "period": period_key, "material": material, "height_cm": size,
                    "find_site": site, "acquisition_method": "考古发掘" if site else "征集",
                    "grade": ["third", "general", "second"][number % 3], "gallery": gallery,
                }))
    return records
