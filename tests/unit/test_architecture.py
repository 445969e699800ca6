"""The shape of the code base: domain packages stay framework-free; message catalogues are complete."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("package", ["assets", "search", "exhibits", "languages"])
def test_domain_packages_never_import_flask_or_museum(package):
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in ("flask", "museum")]
    assert offenders == []


@pytest.mark.parametrize("package", ["assets", "search", "exhibits", "languages"])
def test_domain_packages_import_without_flask(package):
    """Importing every module of the package in a fresh interpreter loads neither flask nor museum."""
    modules = sorted({".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                      for p in (ROOT / package).rglob("*.py")})
    code = ("import importlib, sys\n"
            f"for m in {modules!r}:\n    importlib.import_module(m)\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('flask', 'museum')))")
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    assert output.stdout.strip() == "[]"


BLUEPRINTS = ("public", "kiosk", "curator", "api", "iiif")


def imported_modules(path: Path, root: Path = ROOT) -> set[str]:
    """Every module ``path`` imports, anywhere in it (function-local imports too), fully qualified:
    ``from museum import api`` and ``from ..api import x`` both name ``museum.api``."""
    package = list(path.relative_to(root).parts[:-1])  # what a relative import of level 1 starts from
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def blueprint_reaches(root: Path = ROOT) -> list[str]:
    """``file: module`` for each import of one blueprint package's module by another blueprint package."""
    reaches = []
    for blueprint in BLUEPRINTS:
        for path in sorted((root / "museum" / blueprint).rglob("*.py")):
            for name in sorted(imported_modules(path, root)):
                parts = name.split(".")
                other = parts[1] if parts[0] == "museum" and len(parts) > 1 else None
                if other in BLUEPRINTS and other != blueprint:
                    reaches.append(f"{path.relative_to(root)}: {name}")
    return reaches


def test_blueprints_never_import_each_other():
    """What two blueprints share lives in the shell (``museum/…``), in ``museum/catalogue`` or in the
    framework-free packages, never in one of them."""
    assert blueprint_reaches() == []


def test_the_blueprint_check_sees_every_form_of_import(tmp_path):
    for blueprint in BLUEPRINTS:
        (tmp_path / "museum" / blueprint).mkdir(parents=True)
        (tmp_path / "museum" / blueprint / "__init__.py").write_text("from museum.extensions import db\n")
    (tmp_path / "museum" / "public" / "a.py").write_text("from museum.api.search import filters\n")
    (tmp_path / "museum" / "kiosk" / "b.py").write_text("def f():\n    from ..iiif import images\n")
    (tmp_path / "museum" / "curator" / "c.py").write_text("from museum import api, auth\n")
    (tmp_path / "museum" / "iiif" / "d.py").write_text("import museum.public.pages\nfrom . import bp\n")
    assert sorted(blueprint_reaches(tmp_path)) == [
        "museum/curator/c.py: museum.api", "museum/iiif/d.py: museum.public.pages",
        "museum/kiosk/b.py: museum.iiif", "museum/kiosk/b.py: museum.iiif.images",
        "museum/public/a.py: museum.api.search", "museum/public/a.py: museum.api.search.filters"]


def test_message_catalogues_are_complete_and_current(tmp_path):
    from babel.messages.pofile import read_po

    translations = ROOT / "museum" / "translations"
    template = read_po((translations / "messages.pot").open("rb"))
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    extracted = tmp_path / "current.pot"  # Babel's extract writes "-" as a file of that name, not stdout
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
                    "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-o", str(extracted), "museum"],
                   cwd=ROOT, capture_output=True, check=True)
    current = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(extracted.open("rb")) if m.id}
    assert current - ids == set(), "run the extraction: messages.pot is missing strings the code uses"
    for locale in ("zh_Hans", "zh_Hant", "ja", "ko", "fr"):
        catalogue = read_po((translations / locale / "LC_MESSAGES" / "messages.po").open("rb"))
        missing = [m.id for m in catalogue
                   if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
        assert missing == [], f"{locale} lacks translations: {missing[:5]}"
        assert {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id} >= current
