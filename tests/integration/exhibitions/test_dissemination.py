"""An exhibition sent out: the share kit (each channel's image at its exact size, in the reader's language,
announced in the page's head), the WeChat article export (inline styles only, images at most 1080 px wide
with their widths set, parsed with lxml) and the vertical video (1080 × 1920, H.264 + AAC, its duration,
checked with ffprobe on a short three-scene variant); the Weibo set of nine squares (rights followed), the
zip for the social-media team (opened and checked against its manifest) and the video as a queued job."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import time
import zipfile

import pytest
import pyvips
from lxml import html as lxml_html

from exhibits.stories import video
from museum import create_app, exhibition_exports
from museum.catalogue import accounts, exhibitions
from museum.catalogue.images import IMAGES
from museum.catalogue.models import Record
from museum.catalogue.schema import create_schema
from museum.extensions import db, password_hasher
from museum.media import storage
from tests.settings import TEST_SETTINGS
from tests.unit.curator.support import login, session_csrf

PASSWORD = "dissemination pass"
SLUG = "gorges-out"
OPEN = "http://creativecommons.org/publicdomain/zero/1.0/"
RESTRICTED = "http://rightsstatements.org/vocab/InC/1.0/"
PUBLIC_PX = 600
CHANNELS = {"og": (1200, 630), "wechat-cover": (900, 383), "wechat-thumb": (200, 200),
            "square": (1080, 1080), "portrait": (1080, 1440)}


def _picture(path, width: int, height: int, tint: list[int]) -> None:
    """A landscape of bands and a disc, so a crop or a pan shows."""
    xyz = pyvips.Image.xyz(width, height)
    x, y = xyz[0], xyz[1]
    band = ((y / 60).floor() % 2) * 40
    disc = (((x - width * .7) ** 2 + (y - height * .35) ** 2) < (height * .18) ** 2).ifthenelse(90, 0)
    red = (x * 255 / width * .6 + band + disc + tint[0]).cast("uchar")
    green = (y * 255 / height * .5 + band + tint[1]).cast("uchar")
    blue = (band + disc + tint[2]).cast("uchar")
    red.bandjoin([green, blue]).copy(interpretation="srgb").pngsave(str(path))


def document(images: dict) -> dict:
    return {"title": {"zh": "峡江之外", "en": "Beyond the gorges"},
            "summary": {"zh": "从虎钮錞于到白鹤梁。", "en": "From the tiger chunyu to Baiheliang."},
            "cover": {"image": images["open"], "region": "200,100,1200,800"},
            "blocks": [
                {"kind": "text", "heading": {"zh": "巴人与虎", "en": "The Ba and the tiger"},
                 "body": {"zh": "巴人崇**虎**。<script>alert(1)</script>",
                          "en": 'The Ba revered the **tiger**. <img src=x onerror="alert(2)"> '
                                "[a trap](javascript:alert(3)) and [the museum](https://www.3gmuseum.cn/)."}},
                {"kind": "image", "image": images["open"], "region": "800,0,800,600",
                 "caption": {"zh": "局部", "en": "A detail"}},
                {"kind": "text", "heading": {"zh": "江水", "en": "The river"}, "body": {"zh": "石鱼出水。"}},
                {"kind": "object", "accession": "2031.0002"},
                {"kind": "timeline", "periods": ["warring-states", "eastern-han"]},
            ]}


@pytest.fixture(scope="module")
def out_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dissemination")
    app = create_app({**TEST_SETTINGS, "INSTANCE_PATH": str(folder / "instance"), "SECRET_KEY": "out",
                      "RESTRICTED_IMAGE_PX": PUBLIC_PX})
    _picture(folder / "open.png", 1600, 1000, [20, 30, 60])
    _picture(folder / "closed.png", 1400, 1800, [80, 40, 10])
    with app.app_context():
        create_schema(db)
        with db.transaction() as session:
            accounts.create_user(session, "herald", "curator", PASSWORD, password_hasher())
            session.add_all([Record(accession_number="2031.0001", title={"zh": "江景", "en": "River view"},
                                    period="warring-states", published=True),
                             Record(accession_number="2031.0002",
                                    title={"zh": "虎钮錞于", "en": "Tiger chunyu"},
                                    period="warring-states", published=True)])
            session.flush()
            opened = IMAGES.add(session, "2031.0001", folder / "open.png", storage(), rights=OPEN)
            closed = IMAGES.add(session, "2031.0002", folder / "closed.png", storage(), rights=RESTRICTED)
            images = {"open": opened[0].item.identifier, "closed": closed[0].item.identifier}
            exhibitions.create(session, SLUG, {"en": "Beyond the gorges"}, author="herald")
            exhibitions.save(session, SLUG, document(images), author="herald")
            exhibitions.publish(session, SLUG, actor="herald")
    yield app
    with app.app_context():
        db.dispose()


@pytest.fixture
def out_client(out_app):
    return out_app.test_client()


def _jpeg(response) -> pyvips.Image:
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    return pyvips.Image.new_from_buffer(response.get_data(), "")


def test_every_channel_has_its_exact_size_in_the_readers_language(out_client):
    for channel, size in CHANNELS.items():
        drawn = {}
        for segment in ("zh", "en"):
            image = _jpeg(out_client.get(f"/{segment}/exhibitions/{SLUG}/share/{channel}.jpg"))
            assert (image.width, image.height) == size, channel
            drawn[segment] = image
        if channel != "wechat-thumb":  # the thumbnail has no words: the same picture in every language
            assert (drawn["zh"] - drawn["en"]).abs().max() > 100, f"{channel}: the words differ"
        # the cover's picture is drawn in (not a blank ground): its colours vary
        assert drawn["en"].deviate() > 20
    assert out_client.get(f"/en/exhibitions/{SLUG}/share/banner.jpg").status_code == 404
    assert out_client.get("/en/exhibitions/nope/share/og.jpg").status_code == 404


def test_the_page_announces_the_share_images(out_client):
    page = out_client.get(f"/ja/exhibitions/{SLUG}").get_data(as_text=True)
    meta = dict(re.findall(r'<meta (?:property|name|itemprop)="([^"]+)" content="([^"]*)"', page))
    assert meta["og:image"].endswith(f"/ja/exhibitions/{SLUG}/share/og.jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == meta["og:image"]
    assert meta["image"].endswith("/share/wechat-thumb.jpg") and meta["og:locale"] == "ja_JP"
    announced = dict(re.findall(r'<link rel="image_src" data-channel="([^"]+)" href="[^"]+" '
                                r'data-size="([^"]+)"', page))
    assert announced == {channel: f"{w}x{h}" for channel, (w, h) in CHANNELS.items()}


def _article(out_app, out_client, language: str):
    login(out_client, "herald", PASSWORD)
    response = out_client.get(f"/curator/exhibitions/{SLUG}/wechat.html?language={language}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    return response, lxml_html.document_fromstring(response.get_data())


def test_the_wechat_article_is_styled_inline_only(out_app, out_client):
    response, tree = _article(out_app, out_client, "en")
    assert not tree.xpath("//style | //link | //script | //iframe | //form | //a")
    assert not tree.xpath("//@class | //@id")
    assert not [a for a in tree.xpath("//@*") if a.attrname.lower().startswith("on")]
    body = tree.find("body")
    for element in body.iter():
        if element.tag in ("body", "section", "h1", "h2", "p", "img", "ul", "li", "strong"):
            assert element.get("style"), f"<{element.tag}> has no inline style"
    text = body.text_content()
    assert "The Ba and the tiger" in text and "Tiger chunyu" in text and "Warring States" in text
    written = response.get_data(as_text=True)
    assert "<script" not in written and "alert(1)" not in written and "onerror" not in written
    # no link at all: markdown-it left the javascript: trap as plain text
    assert not tree.xpath("//@href | //@src[starts-with(., 'javascript')]")
    assert "the museum (https://www.3gmuseum.cn/)" in text  # a link written out: WeChat links nowhere else
    # the page's own policy lets the inline styles show and runs nothing
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src 'none'" in policy


def test_the_wechat_articles_images_are_sized_for_it(out_app, out_client):
    _, tree = _article(out_app, out_client, "zh")
    images = tree.xpath("//img")
    assert len(images) == 3  # the cover, the image detail, the object
    for image in images:
        width, height = int(image.get("width")), int(image.get("height"))
        assert 0 < width <= 1080 and height > 0
        size = re.search(r"/(\d+),/0/default\.jpg$", image.get("src"))
        assert size and int(size.group(1)) == width  # fetched at the width it is shown
        assert f"max-width:{width}px" in image.get("style") and "width:100%" in image.get("style")
    cover, detail, restricted = images
    assert cover.get("src").split("/")[-4] == "200,100,1200,800" and int(cover.get("width")) == 1080
    assert detail.get("src").split("/")[-4] == "800,0,800,600" and int(detail.get("width")) == 800
    assert max(int(restricted.get("width")), int(restricted.get("height"))) <= PUBLIC_PX  # rights
    assert "巴人与虎" in tree.text_content() and tree.get("lang") == "zh-Hans"


def test_the_export_is_for_curators_only(out_client):
    answer = out_client.get(f"/curator/exhibitions/{SLUG}/wechat.html")
    assert answer.status_code in (302, 303, 401)


def _probe(path) -> dict:
    command = ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_vertical_video_has_its_size_codecs_sound_and_length(out_app, tmp_path):
    target = tmp_path / "short.mp4"
    with out_app.app_context():
        found = exhibitions.get(db.session, SLUG)
        shots = exhibition_exports.video_shots(found.document, "en")
        assert [s.title for s in shots] == ["Beyond the gorges", "The Ba and the tiger", "The river"]
        exhibition_exports.render_video(found.document, "en", target, seconds=1.0, preset="ultrafast")
    probe = _probe(target)
    streams = {s["codec_type"]: s for s in probe["streams"]}
    assert streams["video"]["codec_name"] == "h264"
    assert (streams["video"]["width"], streams["video"]["height"]) == (1080, 1920)
    assert streams["video"]["pix_fmt"] == "yuv420p" and streams["video"]["r_frame_rate"] == "30/1"
    assert streams["audio"]["codec_name"] == "aac"  # the generated soundscape: no audio block here
    assert float(probe["format"]["duration"]) == pytest.approx(3.0, abs=0.1)
    # the first scene pans: its first and last frames differ
    first, last = (subprocess.run(["ffmpeg", "-v", "error", "-ss", at, "-i", str(target), "-frames:v", "1",
                                   "-f", "image2pipe", "-vcodec", "png", "-"], capture_output=True,
                                  check=True).stdout for at in ("0.5", "0.9"))
    assert first != last


def test_a_full_video_lasts_thirty_to_sixty_seconds_whatever_its_number_of_pictures():
    for total in (30, 45, 60):
        for count in range(1, video.MAX_SCENES + 1):
            length = video.seconds_per_scene(count, total) * count
            assert 30 - 1e-6 <= length <= 60 + 1e-6, (total, count, length)
    assert video.seconds_per_scene(3) == 15 and video.seconds_per_scene(1) == 30


def test_the_video_command_refuses_a_draft_with_the_reason(out_app, monkeypatch):
    from click.testing import CliRunner

    from museum.cli import main

    # `museum --instance` exports MUSEUM_INSTANCE for what it starts: put back as it was after the test
    monkeypatch.setenv("MUSEUM_INSTANCE", out_app.config["INSTANCE_PATH"])
    with out_app.app_context(), db.transaction() as session:
        exhibitions.create(session, "draft-only", {"en": "Not yet"}, author="herald")
    result = CliRunner().invoke(main, ["--instance", out_app.config["INSTANCE_PATH"], "exhibition", "video",
                                       "draft-only", "--language", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == ("error: exhibition 'draft-only' is not published: publish it or name a "
                                     "--version")


def test_the_weibo_set_is_nine_numbered_squares_in_the_readers_language(out_client):
    drawn = {}
    for segment in ("zh", "en"):
        for number in range(1, 10):
            image = _jpeg(out_client.get(f"/{segment}/exhibitions/{SLUG}/weibo/{number}.jpg"))
            assert (image.width, image.height) == (1080, 1080), number
            drawn[segment, number] = image
        assert out_client.get(f"/{segment}/exhibitions/{SLUG}/weibo/10.jpg").status_code == 404
    for number in range(1, 10):
        assert (drawn["zh", number] - drawn["en", number]).abs().max() > 100, f"{number}: the words differ"
    # nine different squares (the numbers alone would differ: compare their pictures' area too)
    wells = [drawn["en", n].crop(0, 200, 1080, 500) for n in range(1, 10)]
    assert all((a - b).abs().avg() > 2 for i, a in enumerate(wells) for b in wells[i + 1:])
    answer = out_client.get(f"/en/exhibitions/{SLUG}/weibo.zip")
    assert answer.status_code == 200 and answer.is_streamed
    with zipfile.ZipFile(io.BytesIO(answer.get_data())) as archive:
        assert archive.namelist() == [f"{n:02d}.jpg" for n in range(1, 10)]
        assert archive.read("04.jpg") == out_client.get(f"/en/exhibitions/{SLUG}/weibo/4.jpg").get_data()


def test_the_weibo_sets_pictures_follow_their_rights(out_app):
    with out_app.test_request_context("/en/"):
        found = exhibitions.get(db.session, SLUG)
        tiles = exhibition_exports.weibo_tiles(found.document, "en")
        assert [t.kind for t in tiles] == ["cover"] + ["picture"] * 7 + ["qr"]
        assert tiles[0].box == (200, 100, 1200, 800) and tiles[1].box == (800, 0, 800, 600)  # IIIF regions
        assert tiles[2].title == "Tiger chunyu"  # the object card
        closed = [t for t in tiles if t.identifier and exhibition_exports.public_limit(
            IMAGES.by_identifier(db.session, t.identifier))]
        opened = [t for t in tiles if t.identifier and t not in closed]
        assert closed and opened
        for tile in closed:
            picture, enlarge = exhibition_exports.tile_picture(tile, "en")
            assert max(picture.width, picture.height) <= PUBLIC_PX and enlarge == 1.0
            image = IMAGES.by_identifier(db.session, tile.identifier)
            plain = exhibition_exports.region_picture(image, tile.box, picture.width, picture.height)
            plain = plain.resize(picture.width / plain.width, vscale=picture.height / plain.height)
            assert (picture - plain[:3]).abs().max() > 100  # the watermark is on it
            statement = exhibition_exports.tile_rights(tile)
            assert "In Copyright" in exhibition_exports.rights_line(statement, "en")
        for tile in opened:  # CC0: the region at the tile's size (or its full resolution), no line needed
            picture, enlarge = exhibition_exports.tile_picture(tile, "en")
            assert max(picture.width, picture.height) >= min(1000, max(tile.box[2:])) and enlarge == 2.0
            assert exhibition_exports.rights_line(exhibition_exports.tile_rights(tile), "en") == ""
        assert max(max(t.box[2:]) for t in opened) > PUBLIC_PX  # (so the limit would have shown)


def _zip(answer) -> zipfile.ZipFile:
    assert answer.status_code == 200 and answer.mimetype == "application/zip" and answer.is_streamed
    return zipfile.ZipFile(io.BytesIO(answer.get_data()))


def test_the_export_zip_holds_every_file_with_its_rights(out_app, out_client):
    assert out_client.get(f"/curator/exhibitions/{SLUG}/export.zip").status_code in (302, 303, 401)
    login(out_client, "herald", PASSWORD)
    archive = _zip(out_client.get(f"/curator/exhibitions/{SLUG}/export.zip?language=en"))
    assert archive.testzip() is None
    names = archive.namelist()
    assert names[-1] == "manifest.json"
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["exhibition"] == SLUG and manifest["language"] == "en" and manifest["omitted"] == []
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert sorted(listed) == sorted(names[:-1])
    for path, entry in listed.items():
        data = archive.read(path)
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"], path
    assert {f"weibo/{n:02d}.jpg" for n in range(1, 10)} <= set(names)
    assert {f"share/{c}-{w}x{h}.jpg" for c, (w, h) in CHANNELS.items()} <= set(names)
    assert {f"texts/{code}.md" for code in ("zh", "zh-Hant", "en", "ja", "ko", "fr")} <= set(names)
    assert "# 峡江之外" in archive.read("texts/zh.md").decode() and "Tiger chunyu" in archive.read(
        "texts/en.md").decode()
    # the article's pictures are the files beside it, at the sizes it shows them
    article = lxml_html.document_fromstring(archive.read("wechat/article.html"))
    pictures = article.xpath("//img")
    assert len(pictures) == 3
    for picture in pictures:
        image = pyvips.Image.new_from_buffer(archive.read("wechat/" + picture.get("src")), "")
        assert (image.width, image.height) == (int(picture.get("width")), int(picture.get("height")))
    restricted = listed["wechat/" + pictures[2].get("src")]
    assert max(int(pictures[2].get("width")), int(pictures[2].get("height"))) <= PUBLIC_PX
    assert [r["key"] for r in restricted["rights"]] == ["InC"] and restricted["rights"][0]["open"] is False
    assert [r["key"] for r in listed["wechat/article.html"]["rights"]] == ["CC0", "InC"]
    assert [r["open"] for r in listed["weibo/01.jpg"]["rights"]] == [True]


def test_the_export_zip_stays_whole_under_its_size_limit(out_app):
    from museum import exhibition_bundle

    with out_app.test_request_context("/curator/"):
        found = exhibitions.get(db.session, SLUG)
        bundle = exhibition_bundle.Bundle([], [])
        entries = exhibition_bundle.entries(SLUG, found.published_version, found.document, "zh",
                                            limit_bytes=400_000, bundle=bundle)
        chunks = list(exhibition_bundle.zip_stream(entries))
    assert len(chunks) > 20  # written a file at a time, not at the end
    archive = zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["omitted"] and sum(e["bytes"] for e in manifest["files"]) <= 400_000
    assert {e["path"] for e in manifest["files"]} | {"manifest.json"} == set(archive.namelist())
    assert all(e["path"] not in archive.namelist() for e in manifest["omitted"])


def _run_jobs(app, *, later: float = 0.0) -> list:
    from museum.jobs.handlers import HANDLERS
    from museum.jobs.worker import Worker
    from museum.queue_access import job_queue

    with app.app_context():
        queue = job_queue(app)
        queue.clock = lambda: time.time() + later  # a retry's backoff passed, without waiting for it
        try:
            return [job for job in iter(Worker(queue, HANDLERS, name="test").run_one, None)]
        finally:
            queue.clock = time.time


def test_the_channels_video_is_a_job_with_progress_a_file_and_one_per_version_and_language(
        out_app, out_client, monkeypatch):
    real = exhibition_exports.render_video
    monkeypatch.setattr(exhibition_exports, "render_video",  # one one-second scene: the real ffmpeg path
                        lambda *a, **k: real(*a, **{**k, "seconds": 1.0, "preset": "ultrafast"}))
    monkeypatch.setattr(video, "MAX_SCENES", 1)
    login(out_client, "herald", PASSWORD)
    page = f"/curator/exhibitions/{SLUG}"
    answer = out_client.post(f"{page}/video", data={"language": "en", "csrf_token": session_csrf(out_client)})
    assert answer.status_code == 303 and 'rel="monitor"' in answer.headers["Link"]
    job_url = answer.headers["Link"][1:].split(">")[0]
    form = {"language": "en", "csrf_token": session_csrf(out_client)}
    assert out_client.post(f"{page}/video", data=form).headers["Link"] == answer.headers["Link"]
    waiting = out_client.get(page + "?lang=en").get_data(as_text=True)
    assert f'data-job="{job_url}" data-status="queued"' in waiting and ">waiting<" in waiting
    ran = _run_jobs(out_app)
    assert [job.status for job in ran] == ["done"] and ran[0].result["made"]
    state = out_client.get(job_url).get_json()
    assert state["status"] == "done" and state["progress"] == 1.0
    done = out_client.get(page + "?lang=en").get_data(as_text=True)
    with out_app.app_context():
        number = exhibitions.get(db.session, SLUG).published_version
    link = f"{page}/video/v{number}-en.mp4"
    assert f'href="{link}"' in done and f'data-job="{job_url}"' not in done
    video_file = out_client.get(link)
    assert video_file.status_code == 200 and video_file.get_data()[4:8] == b"ftyp"
    # asking again makes no job: the video of this version in English is kept
    again = out_client.post(f"{page}/video", data={"language": "en", "csrf_token": session_csrf(out_client)})
    assert "Link" not in again.headers and _run_jobs(out_app) == []
    # and the export carries it
    archive = _zip(out_client.get(f"{page}/export.zip?language=en"))
    assert archive.read(f"video/{SLUG}-en.mp4") == video_file.get_data()


def test_a_failed_video_says_why_in_the_curators_language(out_app, out_client):
    with out_app.app_context(), db.transaction() as session:
        exhibitions.create(session, "words-only", {"zh": "只有文字", "en": "Words only"}, author="herald")
        exhibitions.save(session, "words-only", {"title": {"zh": "只有文字", "en": "Words only"}, "blocks": [
            {"kind": "text", "heading": {"zh": "江水"}, "body": {"zh": "没有图片。"}}]}, author="herald")
        exhibitions.publish(session, "words-only", actor="herald")
    login(out_client, "herald", PASSWORD)
    page = "/curator/exhibitions/words-only"
    form = {"language": "zh", "csrf_token": session_csrf(out_client)}
    assert out_client.post(f"{page}/video?lang=zh", data=form).status_code == 303
    assert [job.status for job in _run_jobs(out_app)] == ["queued"]  # a second attempt after the backoff
    assert [job.status for job in _run_jobs(out_app, later=3600)] == ["dead"]
    for segment, words in (("zh", "展览没有可展示的图片"), ("en", "The exhibition has no pictures to show")):
        shown = lxml_html.document_fromstring(out_client.get(f"{page}?lang={segment}").get_data())
        problem = shown.xpath("//li[@data-status='dead']//*[@data-problem]")
        assert problem and problem[0].text_content().startswith(words), segment
