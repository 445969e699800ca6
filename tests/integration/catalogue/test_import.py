"""Import rules: formats, headers, updates, and every kind of bad input leaving the database unchanged."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from tests.settings import TEST_SETTINGS

GOOD = ("accession_number,title_zh,title_en,category,period,height_cm,gallery\n"
        "1989.0107,战国铜虎钮錞于,Bronze chunyu with tiger knob,铜器,战国,68,three-gorges\n"
        "2002.0031,鸟形铜尊,Bird-shaped zun,bronze,Warring States,29,three-gorges\n")


def count(museum, tmp_path):
    data = json.loads(museum.export("json", tmp_path / "count.json"))
    return len(data["records"])


def test_csv_import_fills_years_from_the_period(museum, write, tmp_path):
    result = museum("import", write("good.csv", GOOD))
    assert "2 new" in result.output
    record = json.loads(museum.export("json", tmp_path / "out.json"))["records"][0]
    assert record["accession_number"] == "1989.0107"
    assert (record["category"], record["period"], record["start_year"], record["end_year"]) == (
        "bronze", "warring-states", -475, -221)
    assert record["title"] == {"zh": "战国铜虎钮錞于", "en": "Bronze chunyu with tiger knob"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings(museum, write, tmp_path, encoding):
    museum("import", write("enc.csv", GOOD, encoding))
    exported = json.loads(museum.export("json", tmp_path / "o.json"))
    assert exported["records"][0]["title"]["zh"] == "战国铜虎钮錞于"


def test_chinese_registration_headers(museum, write, tmp_path):
    text = ("总登记号,文物名称,年代,质地类别,类别,数量,尺寸,质量,级别,来源方式,完残程度,保存状态,入藏时间\n"
            "1989.0107,铜虎钮錞于,战国,青铜,铜器,1件,高68厘米 口径36厘米,"
            "30千克,一级,考古发掘,完整,良好,1989年7月\n")
    museum("import", write("zh.csv", text))
    r = json.loads(museum.export("json", tmp_path / "o.json"))["records"][0]
    facts = (r["height_cm"], r["diameter_cm"], r["weight_g"], r["grade"], r["acquisition_date"],
             r["quantity"])
    assert facts == (68, 36, 30000, "first", "1989-07", 1)
    assert r["dimensions_text"] == "高68厘米 口径36厘米"
    assert (r["material"], r["acquisition_method"]) == ("bronze", "excavation")  # stored by vocabulary key


def test_vocabulary_fields_accept_names_in_any_language_and_keys(museum, write, tmp_path):
    text = ("accession_number,title_zh,material,find_site,acquisition_method\n"
            "A1,甲,铁、织物,萬縣甘寧鄉,Donation\nA2,乙,bronze,fuling-xiaotianxi,考古发掘\n")
    museum("import", write("names.csv", text))
    exported = json.loads(museum.export("json", tmp_path / "o.json"))
    records = {r["accession_number"]: r for r in exported["records"]}
    assert [records["A1"][f] for f in ("material", "find_site", "acquisition_method")] == [
        "iron,textile", "wanxian-ganning", "donation"]
    assert [records["A2"][f] for f in ("material", "find_site", "acquisition_method")] == [
        "bronze", "fuling-xiaotianxi", "excavation"]


def test_reimport_updates_only_the_columns_present(museum, write, tmp_path):
    museum("import", write("good.csv", GOOD))
    result = museum("import", write("update.csv", "accession_number,title_fr\n1989.0107,Chunyu au tigre\n"))
    assert "1 updated" in result.output
    r = json.loads(museum.export("json", tmp_path / "o.json"))["records"][0]
    assert r["title"] == {"zh": "战国铜虎钮錞于", "en": "Bronze chunyu with tiger knob",
                          "fr": "Chunyu au tigre"}
    assert r["height_cm"] == 68


BAD_CASES = {
    "end before start": ("accession_number,title_zh,start_year,end_year\nA1,甲,-200,-475\n",
                         "row 2: end_year: -475 is before start_year -200"),
    "negative dimension": ("accession_number,title_zh,height_cm\nA1,甲,-3\n",
                           "row 2: height_cm: must not be negative"),
    "unknown period": ("accession_number,title_zh,period\nA1,甲,Waring States\n",
                       "row 2: period: unknown period 'Waring States'; did you mean 'Warring States'?"),
    "duplicate": ("accession_number,title_zh\nA1,甲\nA2,乙\nA1,丙\n",
                  "row 4: accession_number: 'A1' is a duplicate of row 2"),
    "no title": ("accession_number,title_zh,category\nA1,,铜器\n",
                 "row 2: title: a new record needs a title"),
    "formula": ("accession_number,title_zh,material\nA1,甲,=HYPERLINK(\"x\")\n",
                "row 2: material: looks like a spreadsheet formula"),
    "unknown column": ("accession_number,title_zh,colour\nA1,甲,red\n", "file: colour: unknown column"),
    "bad number": ("accession_number,title_zh,quantity\nA1,甲,many\n",
                   "row 2: quantity: cannot read the quantity"),
    "unknown category": ("accession_number,title_zh,category\nA1,甲,bronz\n",
                         "row 2: category: unknown category 'bronz'"),
    "unknown material": ("accession_number,title_zh,material\nA1,甲,铁、塑料\n",
                         "bad.csv: row 2: material: unknown material '塑料'"),
    "unknown find site": ("accession_number,title_zh,find_site\nA1,甲,火星\n",
                          "bad.csv: row 2: find_site: unknown place '火星'"),
    "unknown acquisition": ("accession_number,title_zh,acquisition_method\nA1,甲,考古发\n",
                            "bad.csv: row 2: acquisition_method: unknown acquisition '考古发'; did you mean "
                            "'考古发掘'?"),
    "bad date": ("accession_number,title_zh,acquisition_date\nA1,甲,1989-13-01\n",
                 "row 2: acquisition_date:"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_rows_change_nothing(museum, write, tmp_path, case):
    museum("import", write("good.csv", GOOD))
    text, message = BAD_CASES[case]
    result = museum("import", write("bad.csv", text), ok=False)
    assert result.exit_code != 0
    assert message in result.output
    assert "nothing was imported" in result.output
    assert count(museum, tmp_path) == 2


def test_every_error_is_reported_not_just_the_first(museum, write):
    text = "accession_number,title_zh,height_cm,period\nA1,甲,-1,战国\nA2,,,\nA3,丙,5,明朝末年\n"
    result = museum("import", write("bad.csv", text), ok=False)
    assert "row 2: height_cm" in result.output and "row 3: title" in result.output
    assert "row 4: period" in result.output


def test_skip_invalid_imports_the_rest(museum, write, tmp_path):
    text = "accession_number,title_zh,height_cm\nA1,甲,1\nA2,乙,-1\nA3,丙,3\n"
    result = museum("import", "--skip-invalid", write("mixed.csv", text), ok=False)
    assert result.exit_code == 1 and "row 3: height_cm" in result.output and "skipped 1" in result.output
    assert result.output.splitlines()[-1] == "error: mixed.csv: 1 row(s) with errors skipped (listed above)"
    assert count(museum, tmp_path) == 2


def test_dry_run_changes_nothing(museum, write, tmp_path):
    result = museum("import", "--dry-run", write("good.csv", GOOD))
    assert "would import 2" in result.output
    assert count(museum, tmp_path) == 0


def test_empty_and_header_only_files(museum, write):
    assert "is empty" in museum("import", write("empty.csv", ""), ok=False).output
    assert "no records" in museum("import", write("header.csv", "accession_number,title_zh\n"),
                                  ok=False).output


def test_wrong_encoding_is_named(museum, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("accession_number,title_fr\nA1,Aiguière à décor émaillé\n".encode("latin-1"))
    result = museum("import", path, ok=False)
    assert "UTF-8" in result.output and result.exit_code == 1


def test_size_limit(museum, write, monkeypatch):
    monkeypatch.setenv("MUSEUM_MAX_IMPORT_BYTES", "50")
    result = museum("import", write("good.csv", GOOD), ok=False)
    assert "over the import limit of 50 bytes" in result.output


def test_xlsx_formula_cells_are_refused(museum, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["accession_number", "title_zh", "height_cm"])
    sheet.append(["A1", "甲", "=1+2"])
    book.save(tmp_path / "f.xlsx")
    result = museum("import", tmp_path / "f.xlsx", ok=False)
    assert "formula in cell C2" in result.output


def test_content_decides_the_format_not_the_extension(museum, write, tmp_path):
    museum("import", write("records.txt", json.dumps([{"accession_number": "J1", "title": {"en": "Jar"}}])))
    assert count(museum, tmp_path) == 1


def test_unknown_gallery_close_to_a_known_one_is_an_error(museum, write):
    museum("import", write("good.csv", GOOD))
    result = museum("import", write("typo.csv", "accession_number,title_zh,gallery\nA1,甲,three-gorgse\n"),
                    ok=False)
    assert "did you mean 'three-gorges'" in result.output


def test_an_import_reaches_the_audit_log_and_the_search_outbox(museum, write):
    from sqlalchemy import select

    from museum import create_app
    from museum.catalogue.audit import AuditEntry
    from museum.catalogue.audit_chain import verify
    from museum.catalogue.models import Record, SearchOutbox
    from museum.extensions import db

    museum("import", write("first.csv", GOOD))
    museum("import", write("second.csv", "accession_number,title_en,height_cm\n"
                                         "1989.0107,Tiger-knob chunyu,68\n"
                                         "1977.0012,Bronze zun with three rams,\n"))
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(museum.instance)})
    with app.app_context():
        log = [(e.action, e.entity_key) for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "records").order_by(AuditEntry.seq))]
        assert log == [("insert", "1989.0107"), ("insert", "2002.0031"), ("update", "1989.0107"),
                       ("insert", "1977.0012")]
        changed = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
        assert changed.before == {"title": {"zh": "战国铜虎钮錞于", "en": "Bronze chunyu with tiger knob"}}
        assert changed.after["title"]["en"] == "Tiger-knob chunyu"
        assert verify(db.session).ok
        # every command applies the outbox it wrote before it exits: nothing waits, the changes are searchable
        assert db.session.scalars(select(SearchOutbox)).all() == []
        hits = app.test_client().get("/api/v1/search?q=Tiger-knob chunyu&lang=en").get_json()["hits"]
        assert hits[0]["accession_number"] == "1989.0107" and hits[0]["title"] == "Tiger-knob chunyu"
        new = db.session.scalars(select(Record).where(Record.accession_number == "1977.0012")).one()
        assert new.title == {"en": "Bronze zun with three rams"} and new.published and new.created_at
        db.dispose()
