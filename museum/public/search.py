"""The public search page (``/<lang>/search``): facets, highlights, paging and "did you mean",
in all six languages. Same parameters and engine as ``GET /api/v1/search``."""

from __future__ import annotations

from flask import g, render_template, request, url_for
from sqlalchemy import select

from museum.catalogue.models import Gallery
from museum.catalogue.search_service import get_service
from museum.exceptions import BadParameter
from museum.extensions import db
from museum.public import bp
from museum.schemas import load_query
from museum.search_query import FilterQuery, filters
from search.query import MAX_WINDOW, SearchRequest

PAGE_SIZE = 20
LABELS = {
    "zh": {"title": "搜索藏品", "placeholder": "名称、朝代、拼音……", "button": "搜索", "results": "共 {n} 件",
           "none": "没有找到相关藏品。", "did_you_mean": "您是不是要找：", "category": "类别", "period": "年代",
           "gallery": "展厅", "clear": "清除筛选", "previous": "上一页", "next": "下一页", "page": "第 {p} 页",
           "degraded": "检索服务降级运行，结果可能不是最新。",
           "indexing": "检索索引正在更新，刚添加或修改的藏品可能暂时搜不到。",  "years": "年份", "from": "起", "to": "止",
           "has_3d": "有三维模型", "apply": "应用"},
    "zh-Hant": {"title": "搜尋藏品", "placeholder": "名稱、朝代、拼音……", "button": "搜尋", "results": "共 {n} 件",
                "none": "沒有找到相關藏品。", "did_you_mean": "您是不是要找：", "category": "類別", "period": "年代",
                "gallery": "展廳", "clear": "清除篩選", "previous": "上一頁", "next": "下一頁", "page": "第 {p} 頁",
                "degraded": "檢索服務降級運行，結果可能不是最新。",
           "indexing": "檢索索引正在更新，剛新增或修改的藏品可能暫時搜尋不到。",  "years": "年份", "from": "起", "to": "止",
                "has_3d": "有三維模型", "apply": "套用"},
    "en": {"title": "Search the collection", "placeholder": "Name, period, pinyin…", "button": "Search",
           "results": "{n} objects", "none": "No objects found.", "did_you_mean": "Did you mean:",
           "category": "Category", "period": "Period", "gallery": "Gallery", "clear": "Clear filters",
           "previous": "Previous", "next": "Next", "page": "Page {p}",
           "degraded": "Search is running in a reduced mode; results may not be the newest.",
           "indexing": "The search index is being updated: objects added or changed a moment ago may be missing.",
           "years": "Years",
           "from": "From", "to": "To", "has_3d": "Has a 3D model", "apply": "Apply"},
    "ja": {"title": "収蔵品を検索", "placeholder": "名称・時代・ピンイン…", "button": "検索", "results": "{n} 件",
           "none": "該当する収蔵品はありません。", "did_you_mean": "もしかして：", "category": "分類", "period": "時代",
           "gallery": "展示室", "clear": "絞り込みを解除", "previous": "前へ", "next": "次へ", "page": "{p} ページ",
           "degraded": "検索は縮退運転中です。最新の結果でない場合があります。",
           "indexing": "検索インデックスを更新中です。追加・変更したばかりの収蔵品は表示されないことがあります。", "years": "年代", "from": "から",
           "to": "まで", "has_3d": "3Dモデルあり", "apply": "適用"},
    "ko": {"title": "소장품 검색", "placeholder": "명칭, 시대, 병음…", "button": "검색", "results": "{n}점",
           "none": "검색 결과가 없습니다.", "did_you_mean": "이것을 찾으셨나요:", "category": "분류", "period": "시대",
           "gallery": "전시실", "clear": "필터 지우기", "previous": "이전", "next": "다음", "page": "{p}쪽",
           "degraded": "검색이 축소 모드로 동작 중입니다. 최신 결과가 아닐 수 있습니다.",
           "indexing": "검색 색인을 갱신하는 중입니다. 방금 추가되거나 바뀐 소장품은 보이지 않을 수 있습니다.", "years": "연도",
           "from": "부터", "to": "까지", "has_3d": "3D 모델 있음", "apply": "적용"},
    "fr": {"title": "Rechercher dans les collections", "placeholder": "Nom, période, pinyin…", "button": "Rechercher",
           "results": "{n} objets", "none": "Aucun objet trouvé.", "did_you_mean": "Vouliez-vous dire :",
           "category": "Catégorie", "period": "Période", "gallery": "Salle", "clear": "Effacer les filtres",
           "previous": "Précédent", "next": "Suivant", "page": "Page {p}",
           "degraded": "La recherche fonctionne en mode réduit ; les résultats peuvent ne pas être à jour.",
           "indexing": "L’index de recherche est en cours de mise à jour : les objets ajoutés ou modifiés à l’instant peuvent manquer.",
           "years": "Années", "from": "De", "to": "À", "has_3d": "Avec modèle 3D", "apply": "Appliquer"},
}
FILTER_PARAMETERS = ("category", "period", "gallery", "year_from", "year_to", "has_3d")


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_WINDOW // PAGE_SIZE:
        raise BadParameter(f"page must be a whole number from 1 to {MAX_WINDOW // PAGE_SIZE}")
    return int(raw)


def _url(**changes) -> str:
    """This page's URL with some parameters changed (None removes one); paging starts again."""
    args = {k: v for k, v in request.args.items() if k not in ("page", "cursor")}
    args.update(changes)
    return url_for("public.search", **{k: v for k, v in args.items() if v not in (None, "")})


@bp.route("/<lang>/search")
def search():
    lang = g.get("lang", "zh")
    query = load_query(FilterQuery(), request.args)
    q, chosen = query["q"], filters(query)
    cursor = request.args.get("cursor") or None
    result = get_service().search(SearchRequest(q=q, lang=lang, page=_page(), size=PAGE_SIZE, filters=chosen,
                                                cursor=cursor))
    gallery_names = {gallery.slug: gallery.label(lang) for gallery in db.session.scalars(select(Gallery))}
    labels = LABELS[lang]
    return render_template("public/search.html", q=q, result=result, labels=labels, filters=chosen,
                           gallery_names=gallery_names, url=_url, active=any(request.args.get(p)
                                                                             for p in FILTER_PARAMETERS),
                           count_text=labels["results"].format(n=f"{result.total:,}"),
                           page_text=labels["page"].format(p=result.page), page_size=PAGE_SIZE)
