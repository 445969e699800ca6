"""Rights statements: the one vocabulary of what an image (and later a 3D model or track) may be used for.

Each statement has a key (what the CLI and the curator pages take and ``object_images.rights`` stores),
its URI (rightsstatements.org or Creative Commons; ``None`` for the museum's own terms, which IIIF states
as In Copyright), its name in the six languages and whether downloads are open: an open item is served and
downloaded at full resolution; a restricted one is served to the public only up to
``RESTRICTED_IMAGE_PX`` on its longest side and downloaded watermarked (:mod:`museum.iiif.images`).

Older rows hold a URI or a name ("CC BY 4.0") instead of a key: :func:`resolve` reads all three. A record's
``licence`` field stays the default for its items that state nothing (:func:`for_item`).
"""

from __future__ import annotations

from dataclasses import dataclass

from languages import pick
from museum.exceptions import BadParameter


@dataclass(frozen=True)
class Statement:
    key: str
    uri: str | None
    names: dict
    open: bool  # downloads at full resolution for everyone

    @property
    def iiif_uri(self) -> str:
        """IIIF's ``rights`` must be a Creative Commons or rightsstatements.org URI: the museum's own terms
        are, to the outside, In Copyright."""
        return self.uri or IN_COPYRIGHT

    def name(self, lang: str) -> str:
        return pick(self.names, lang)[0] or self.key


IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"


def _names(zh, zh_hant, en, ja, ko, fr) -> dict:
    return {"zh": zh, "zh-Hant": zh_hant, "en": en, "ja": ja, "ko": ko, "fr": fr}


STATEMENTS: tuple[Statement, ...] = (
    Statement("InC", IN_COPYRIGHT, _names("受版权保护", "受版權保護", "In Copyright", "著作権あり",
                                          "저작권 보호", "Protégé par le droit d'auteur"), False),
    Statement("InC-EDU", "http://rightsstatements.org/vocab/InC-EDU/1.0/",
              _names("受版权保护，允许教育用途", "受版權保護，允許教育用途",
                     "In Copyright – Educational Use Permitted",
                     "著作権あり・教育利用可", "저작권 보호 – 교육적 이용 허용",
                     "Protégé – utilisation éducative autorisée"), False),
    Statement("InC-NC", "http://rightsstatements.org/vocab/InC-NC/1.0/",
              _names("受版权保护，允许非商业用途", "受版權保護，允許非商業用途",
                     "In Copyright – Non-Commercial Use Permitted", "著作権あり・非営利利用可",
                     "저작권 보호 – 비영리 이용 허용",
                     "Protégé – utilisation non commerciale autorisée"), False),
    Statement("NoC-US", "http://rightsstatements.org/vocab/NoC-US/1.0/",
              _names("无版权（美国）", "無版權（美國）", "No Copyright – United States", "著作権なし（米国）",
                     "저작권 없음 – 미국", "Pas de droit d'auteur – États-Unis"), True),
    Statement("NoC-NC", "http://rightsstatements.org/vocab/NoC-NC/1.0/",
              _names("无版权，限非商业使用", "無版權，限非商業使用", "No Copyright – Non-Commercial Use Only",
                     "著作権なし・非営利利用のみ", "저작권 없음 – 비영리 이용만",
                     "Pas de droit d'auteur – utilisation non commerciale"), True),
    Statement("CC0", "http://creativecommons.org/publicdomain/zero/1.0/",
              _names("CC0 公有领域贡献", "CC0 公有領域貢獻", "CC0 Public Domain Dedication",
                     "CC0 パブリック・ドメイン", "CC0 퍼블릭 도메인", "CC0 Domaine public"), True),
    Statement("CC-BY-4.0", "http://creativecommons.org/licenses/by/4.0/",
              _names("知识共享 署名 4.0", "創用CC 姓名標示 4.0", "CC BY 4.0", "CC BY 4.0 表示",
                     "CC BY 4.0 저작자표시", "CC BY 4.0 Attribution"), True),
    Statement("CC-BY-SA-4.0", "http://creativecommons.org/licenses/by-sa/4.0/",
              _names("知识共享 署名-相同方式共享 4.0", "創用CC 姓名標示-相同方式分享 4.0", "CC BY-SA 4.0",
                     "CC BY-SA 4.0 表示-継承", "CC BY-SA 4.0 저작자표시-동일조건변경허락",
                     "CC BY-SA 4.0 Attribution – Partage dans les mêmes conditions"), True),
    Statement("CC-BY-NC-4.0", "http://creativecommons.org/licenses/by-nc/4.0/",
              _names("知识共享 署名-非商业性使用 4.0", "創用CC 姓名標示-非商業性 4.0", "CC BY-NC 4.0",
                     "CC BY-NC 4.0 表示-非営利", "CC BY-NC 4.0 저작자표시-비영리",
                     "CC BY-NC 4.0 Attribution – Pas d'utilisation commerciale"), True),
    Statement("CC-BY-NC-ND-4.0", "http://creativecommons.org/licenses/by-nc-nd/4.0/",
              _names("知识共享 署名-非商业性使用-禁止演绎 4.0", "創用CC 姓名標示-非商業性-禁止改作 4.0",
                     "CC BY-NC-ND 4.0", "CC BY-NC-ND 4.0 表示-非営利-改変禁止",
                     "CC BY-NC-ND 4.0 저작자표시-비영리-변경금지",
                     "CC BY-NC-ND 4.0 Attribution – Pas d'utilisation commerciale – Pas de modification"),
              True),
    Statement("museum", None,
              _names("本馆使用条款", "本館使用條款", "The museum's terms of use", "当館の利用条件",
                     "박물관 이용 약관", "Conditions d'utilisation du musée"), False),
)
DEFAULT = STATEMENTS[0]
_BY_KEY = {statement.key.lower(): statement for statement in STATEMENTS}
_BY_URI = {statement.uri.rstrip("/").split("://", 1)[1]: statement
           for statement in STATEMENTS if statement.uri}


def resolve(value: str | None) -> Statement | None:
    """The statement a key (``CC-BY-4.0``), a URI (http or https) or a name (``CC BY 4.0``) stands for."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if "://" in value:
        return _BY_URI.get(value.rstrip("/").split("://", 1)[1])
    key = value.lower().replace(" ", "-")
    return _BY_KEY.get(key.removesuffix("-1.0") if key.startswith("cc0") else key)


def require(value: str) -> Statement:
    """:func:`resolve`, refusing what is not in the vocabulary with the keys that are."""
    statement = resolve(value)
    if statement is None:
        raise BadParameter(f"unknown rights statement {value!r}; known: "
                           f"{', '.join(s.key for s in STATEMENTS)}")
    return statement


def for_item(item_rights: str | None, record_licence: str | None = None) -> Statement:
    """What governs an item: its own statement, else its record's licence, else In Copyright."""
    return resolve(item_rights) or resolve(record_licence) or DEFAULT


def for_record(record_licence: str | None, item_rights: list[str | None]) -> Statement:
    """What a record's documents (IIIF manifest, Linked Art) state for it as a whole: its licence, else its
    first item's statement, else In Copyright."""
    return resolve(record_licence) or next(filter(None, map(resolve, item_rights)), None) or DEFAULT
