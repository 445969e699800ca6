"""Configuration in one module: museum/config.py declares every key the code reads, with its type, default,
variable and meaning; ``create_app`` types and derives the values once, and nothing else reads a key with an
inline default or writes one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from museum import config, create_app
from museum.exceptions import InvalidSetting

ROOT = Path(__file__).resolve().parents[2]
MUSEUM = ROOT / "museum"
# Keys no museum code reads because Flask or an extension does (they are declared all the same, so that
# `museum config show` lists them and the environment can set them), or that config.py derives others from.
READ_BY_FRAMEWORK = {
    "TESTING", "SECRET_KEY", "MAX_CONTENT_LENGTH", "PREFERRED_URL_SCHEME", "SERVER_NAME",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
    "PERMANENT_SESSION_LIFETIME", "REMEMBER_COOKIE_SECURE", "REMEMBER_COOKIE_HTTPONLY",
    "WTF_CSRF_TIME_LIMIT", "WTF_CSRF_CHECK_DEFAULT", "BABEL_DEFAULT_LOCALE",
    "BABEL_TRANSLATION_DIRECTORIES", "API_TITLE", "API_VERSION", "OPENAPI_VERSION",
}
DERIVED_FROM = {"SECURE_COOKIES"}
# Functions that read a key passed to them (``configured("API_MAX_PAGE_SIZE")``): their calls are reads.
KEY_READERS = {"configured"}
# Where a key that is not a literal is read: (module, function) -> why that is safe.
DYNAMIC_KEYS = {("museum/api/contract.py", "configured"): "its callers pass literals, checked as reads",
                ("museum/cli/settings.py", "show"): "every key of config.SETTINGS, by name"}
# Where settings are written: the table itself and create_app, which puts them in app.config once.
WRITERS = {"museum/config.py", "museum/__init__.py"}


class ConfigAccess(ast.NodeVisitor):
    """Every place a module reads or writes a configuration key: ``X.config[...]``, ``X.config.get(...)``
    (and ``setdefault``, ``pop``, ``update``), the same on a name bound to ``X.config`` or called ``config``,
    and calls of :data:`KEY_READERS`. ``found``: (line, key or None if not a literal, kind, function)."""

    def __init__(self):
        self.aliases = {"config"}
        self.found: list[tuple[int, str | None, str, str]] = []
        self.functions: list[str] = []

    def _is_config(self, node) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "config") or (
            isinstance(node, ast.Name) and node.id in self.aliases)

    def visit_Assign(self, node):
        if self._is_config(node.value):
            self.aliases.update(t.id for t in node.targets if isinstance(t, ast.Name))
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _key(self, node) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    def _add(self, line: int, key: str | None, kind: str) -> None:
        self.found.append((line, key, kind, self.functions[-1] if self.functions else ""))

    def visit_Subscript(self, node):
        if self._is_config(node.value):
            kind = "write" if isinstance(node.ctx, ast.Store | ast.Del) else "read"
            self._add(node.lineno, self._key(node.slice), kind)
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        if isinstance(func, ast.Attribute) and self._is_config(func.value):
            if func.attr in ("get", "setdefault", "pop"):
                self._add(node.lineno, self._key(node.args[0]) if node.args else None, func.attr)
            elif func.attr == "update":
                for keyword in node.keywords:
                    self._add(node.lineno, keyword.arg, "write")
                for arg in node.args:
                    for key in arg.keys if isinstance(arg, ast.Dict) else [None]:
                        self._add(node.lineno, self._key(key) if key else None, "write")
        if isinstance(func, ast.Name) and func.id in KEY_READERS and node.args:
            self._add(node.lineno, self._key(node.args[0]), "read")
        self.generic_visit(node)


def accesses(source: str) -> list[tuple[int, str | None, str, str]]:
    visitor = ConfigAccess()
    visitor.visit(ast.parse(source))
    return visitor.found


def problems(source: str, where: str) -> list[str]:
    """What breaks the rules in one module: an undeclared key, a key that is not a literal, an inline
    default (``get``), or a write outside :data:`WRITERS`."""
    found = []
    for line, key, kind, function in accesses(source):
        at = f"{where}:{line}"
        if (kind == "write" and where in WRITERS) or (key is None and (where, function) in DYNAMIC_KEYS):
            continue
        if key is None:
            found.append(f"{at}: a configuration key that is not a string literal (cannot be checked)")
        elif key not in config.SETTINGS:
            found.append(f"{at}: {key} is not declared in museum/config.py")
        if kind in ("get", "setdefault", "pop"):
            found.append(f"{at}: config.{kind}({key!r}, ...): declared keys are always set;"
                         f" read config[{key!r}]")
        elif kind == "write":
            found.append(f"{at}: writes {key}: settings are set once, by create_app from museum/config.py")
    return found


def _modules(*roots: Path):
    """The modules under ``roots`` (default: the web shell, museum/), but config.py and migrations."""
    for root in roots or (MUSEUM,):
        for path in sorted(root.rglob("*.py") if root != ROOT else root.glob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            if where != "museum/config.py" and "/migrations/" not in where:
                yield where, path.read_text(encoding="utf-8")


# Every module that is not a test: the shell, the framework-free packages, benchmarks and the top-level
# scripts (wsgi.py, asgi.py).
EVERY_PACKAGE = (MUSEUM,
                 *(ROOT / name for name in ("assets", "search", "exhibits", "languages", "benchmarks")),
                 ROOT)


def test_no_module_reads_a_key_that_config_py_does_not_declare():
    scanned = list(_modules(*EVERY_PACKAGE))
    found = [problem for where, source in scanned for problem in problems(source, where)]
    assert found == []
    reads = [key for where, source in scanned if where.startswith("museum/")
             for _l, key, _k, _f in accesses(source)]
    assert len(reads) > 50  # the scan sees the shell's reads (if it saw none, the check above would be empty)


@pytest.mark.parametrize("source, expected", [
    ('current_app.config.get("NEW_THING", 3)', ["NEW_THING is not declared", "config.get('NEW_THING', ...)"]),
    ('app.config["NEW_THING"]', ["NEW_THING is not declared"]),
    ('c = current_app.config\nlimit = c["NEW_THING"]', ["NEW_THING is not declared"]),
    ('def f(config):\n    return config["NEW_THING"]', ["NEW_THING is not declared"]),
    ('configured("NEW_THING")', ["NEW_THING is not declared"]),
    ('current_app.config[name]', ["not a string literal"]),
    ('app.config.update(IIIF_MAX_AREA=1)', ["writes IIIF_MAX_AREA"]),
    ('app.config["IIIF_MAX_AREA"] = 1', ["writes IIIF_MAX_AREA"]),
    ('app.config["IIIF_MAX_AREA"]', []),
])
def test_the_scan_finds_what_it_must(source, expected):
    found = problems(source, "museum/example.py")
    assert len(found) == len(expected)
    assert all(text in problem for text, problem in zip(expected, found, strict=True))


def test_every_declared_key_is_read_somewhere():
    """No dead keys: each is read by museum code, or by Flask or an extension (listed above)."""
    read = {key for _where, source in _modules() for _line, key, _kind, _function in accesses(source)}
    assert set(config.SETTINGS) - read - READ_BY_FRAMEWORK - DERIVED_FROM == set()
    assert READ_BY_FRAMEWORK | DERIVED_FROM <= set(config.SETTINGS)


@pytest.mark.parametrize("setting", list(config.SETTINGS.values()), ids=lambda s: s.name)
def test_every_setting_is_described_and_its_default_has_its_type(setting):
    assert setting.help.strip() and setting.env.startswith("MUSEUM_")
    if setting.default is not None:
        assert setting.parse(setting.default) == setting.default


@pytest.mark.parametrize("variable, value, message", [
    ("MUSEUM_IIIF_MAX_AREA", "lots",
     "setting IIIF_MAX_AREA (MUSEUM_IIIF_MAX_AREA) must be a whole number, not 'lots'"),
    ("MUSEUM_IIIF_MAX_SECONDS", "1,5", "IIIF_MAX_SECONDS (MUSEUM_IIIF_MAX_SECONDS) must be a number"),
    ("MUSEUM_SECURE_COOKIES", "maybe", "SECURE_COOKIES (MUSEUM_SECURE_COOKIES) must be true or false"),
    ("MUSEUM_SEARCH_BACKEND", "solr", "must be one of tantivy, elasticsearch, not 'solr'"),
])
def test_a_bad_value_from_the_environment_names_the_setting_and_its_type(tmp_path, variable, value, message):
    with pytest.raises(InvalidSetting) as raised:
        config.load({"INSTANCE_PATH": str(tmp_path)}, {variable: value})
    assert message in str(raised.value)


def test_values_are_typed_from_the_environment_and_the_argument_wins(tmp_path):
    loaded = config.load({"INSTANCE_PATH": str(tmp_path), "GALLERY_PAGE_SIZE": "12"},
                         {"MUSEUM_GALLERY_PAGE_SIZE": "30", "MUSEUM_IIIF_MAX_SECONDS": "2.5",
                          "MUSEUM_SECURE_COOKIES": "off", "MUSEUM_ALLOWED_HOSTS": "a.example, .b.example",
                          "MUSEUM_TRUSTED_PROXIES": "1", "MUSEUM_PUBLIC_BASE_URL": ""})
    values, sources = loaded.values, loaded.sources
    assert (values["GALLERY_PAGE_SIZE"], sources["GALLERY_PAGE_SIZE"]) == (12, "argument")
    assert (values["IIIF_MAX_SECONDS"], sources["IIIF_MAX_SECONDS"]) == (2.5, "env")
    assert values["SECURE_COOKIES"] is False and values["SESSION_COOKIE_SECURE"] is False
    assert sources["SESSION_COOKIE_SECURE"] == "SECURE_COOKIES"
    assert values["ALLOWED_HOSTS"] == ["a.example", ".b.example"] and values["TRUSTED_PROXIES"] == 1
    assert values["PUBLIC_BASE_URL"] is None
    assert config.load({"INSTANCE_PATH": str(tmp_path)}, {"MUSEUM_ALLOWED_HOSTS": '["c.example"]'}).values[
        "ALLOWED_HOSTS"] == ["c.example"]


def test_instance_paths_are_derived_once(tmp_path):
    loaded = config.load({}, {"MUSEUM_INSTANCE": str(tmp_path / "inst")})
    values, sources = loaded.values, loaded.sources
    assert values["INSTANCE_PATH"] == str(tmp_path / "inst") and sources["INSTANCE_PATH"] == "env"
    assert values["DATABASE_URL"] == f"sqlite:///{tmp_path / 'inst' / 'museum.sqlite3'}"
    assert values["MEDIA_ROOT"] == str(tmp_path / "inst" / "media")
    assert values["POEMS_MODEL_DIR"] == str(tmp_path / "inst" / "poems" / "model")
    assert values["POEMS_CORPUS_DIR"] == str(Path(values["NODE_MODULES"]) / "chinese-poetry")
    instance_keys = ("DATABASE_URL", "MEDIA_ROOT", "SEARCH_INDEX_DIR", "SECRET_KEY")
    assert {sources[k] for k in instance_keys} == {"instance"}
    assert values["SECRET_KEY"] == (tmp_path / "inst" / "secret_key").read_text()  # kept for the next start
    reloaded = config.load({}, {"MUSEUM_INSTANCE": str(tmp_path / "inst")})
    assert reloaded.values["SECRET_KEY"] == values["SECRET_KEY"]


def test_unknown_and_fixed_keys_are_refused_and_defaults_are_not_shared(tmp_path):
    with pytest.raises(InvalidSetting, match="unknown setting.*IIIF_MAX_ARE\\b"):
        create_app({"INSTANCE_PATH": str(tmp_path), "IIIF_MAX_ARE": 1})
    with pytest.raises(InvalidSetting, match="WTF_CSRF_CHECK_DEFAULT is fixed"):
        config.load({"INSTANCE_PATH": str(tmp_path), "WTF_CSRF_CHECK_DEFAULT": True})
    first = config.load({"INSTANCE_PATH": str(tmp_path)}, {}).values
    first["ALLOWED_HOSTS"].append("evil.example")
    assert "evil.example" not in config.load({"INSTANCE_PATH": str(tmp_path)}, {}).values["ALLOWED_HOSTS"]
    assert config.ignored_environment({"MUSEUM_IIIF_MAX_ARE": "1", "MUSEUM_WTF_CSRF_CHECK_DEFAULT": "true",
                                       "MUSEUM_INSTANCE": "x", "HOME": "/root"}) == [
        "MUSEUM_IIIF_MAX_ARE", "MUSEUM_WTF_CSRF_CHECK_DEFAULT"]


def test_cookies_are_secure_unless_configured_otherwise(tmp_path):
    """No test-only branch: TESTING alone changes no cookie; the setting does."""
    testing = create_app({"INSTANCE_PATH": str(tmp_path / "a"), "TESTING": True, "SECRET_KEY": "x"})
    assert testing.config["SESSION_COOKIE_SECURE"] and testing.config["REMEMBER_COOKIE_SECURE"]
    plain = create_app({"INSTANCE_PATH": str(tmp_path / "b"), "SECURE_COOKIES": False, "SECRET_KEY": "x"})
    assert not plain.config["SESSION_COOKIE_SECURE"] and not plain.config["REMEMBER_COOKIE_SECURE"]
    assert plain.permanent_session_lifetime.total_seconds() == 8 * 3600
    for app in (testing, plain):
        app.extensions["museum_db"].dispose()
