"""Immersive shows' framework-free core (exhibits/shows): reading documents, validation problems with
codes, the programme's plan for a day and what plays at a moment."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from exhibits.shows import model, programme
from exhibits.shows.exceptions import ShowError
from exhibits.shows.probe import MediaInfo

ROOM = (model.Output("wall-west"), model.Output("ceiling"), model.Output("surround", "audio", "5.1"))
VIDEO = MediaInfo("video", 12.0)
SOUND = {"5.1": MediaInfo("audio", 12.0, 6, "5.1(side)"), "stereo": MediaInfo("audio", 12.0, 2, "stereo")}


def _show(*cues, duration=24) -> model.Show:
    return model.read_show({"slug": "s", "title": {"zh": "三峡"}, "duration": duration,
                            "cues": [{"start": 0, "duration": 12, "media": "show-media/a.mp4", **cue}
                                     for cue in cues]})


def _media(key: str):
    return {"show-media/a.mp4": VIDEO, "audio/x/track.opus": SOUND["5.1"],
            "audio/y/track.opus": SOUND["stereo"], "bad.bin": "unreadable"}.get(key)


def _codes(show) -> list[str]:
    return [problem.code for problem in model.problems(show, ROOM, _media)]


def test_a_good_show_has_no_problems():
    show = _show({"output": "wall-west"}, {"output": "wall-west", "start": 12},
                 {"output": "surround", "media": "audio/x/track.opus", "duration": 24})
    assert _codes(show) == []
    assert show.cue_at("wall-west", 12.5).start == 12 and show.cue_at("ceiling", 1) is None
    assert show.starts == [0, 12]


@pytest.mark.parametrize(("cue", "code"), [
    ({"output": "wall-west", "media": "show-media/missing.mp4"}, "missing_media"),
    ({"output": "wall-west", "media": "bad.bin"}, "unreadable_media"),
    ({"output": "surround", "media": "audio/y/track.opus"}, "channel_layout"),
    ({"output": "surround"}, "wrong_kind"),
    ({"output": "wall-east"}, "unknown_output"),
    ({"output": "ceiling", "start": 20}, "past_end"),
    ({"output": "ceiling", "fade_in": 8, "fade_out": 8}, "fades"),
])
def test_each_problem_has_its_code(cue, code):
    [problem] = model.problems(_show(cue), ROOM, _media)
    assert problem.code == code
    assert problem.message == model.MESSAGES[code] % problem.params


def test_overlapping_cues_on_one_output_only():
    show = _show({"output": "wall-west"}, {"output": "wall-west", "start": 6},
                 {"output": "ceiling", "start": 6})
    [problem] = model.problems(show, ROOM, _media)
    assert (problem.code, problem.params) == ("overlap", {"output": "wall-west", "first": 1, "second": 2})


def test_without_a_room_only_the_show_itself_is_checked():
    show = _show({"output": "wall-east", "media": "show-media/missing.mp4"})
    assert [p.code for p in model.problems(show, None, _media)] == ["missing_media"]


def test_channel_layout_names_found_and_expected():
    [problem] = model.problems(_show({"output": "surround", "media": "audio/y/track.opus"}), ROOM, _media)
    assert "stereo" in problem.message and "5.1" in problem.message


@pytest.mark.parametrize(("document", "field"), [
    ({"slug": "Bad Slug"}, "slug"),
    ({"slug": "s", "title": {"en": "x"}}, "title.zh"),
    ({"slug": "s", "title": {"zh": "x"}, "duration": 10, "cues": []}, "cues"),
    ({"slug": "s", "title": {"zh": "x"}, "duration": 10, "cues": [{"output": "w", "start": -1,
                                                                     "duration": 1, "media": "a.mp4"}]},
     "cues[0].start"),
    ({"slug": "s", "title": {"zh": "x", "de": "y"}, "duration": 10}, "title"),
    ({"slug": "s", "title": {"zh": "x"}, "duration": 10, "cues": [{"output": "w", "start": 0, "duration": 1,
                                                                     "media": "../etc/passwd"}]},
     "cues[0].media"),
])
def test_documents_that_are_no_show_are_refused_naming_the_field(document, field):
    with pytest.raises(ShowError) as refused:
        model.read_show(document)
    assert refused.value.field == field


def test_outputs_audio_needs_a_surround_layout():
    with pytest.raises(ShowError, match="layout"):
        model.read_outputs([{"name": "surround", "kind": "audio", "layout": "stereo"}])
    assert model.read_outputs([{"name": "s", "kind": "audio", "layout": "7.1"}])[0].layout == "7.1"


def test_programme_loops_shows_from_opening_time():
    zone = ZoneInfo("Asia/Shanghai")
    special = {"2026-12-25": "closed", "2026-12-31": "10:00-12:00"}
    plan_of = programme.read_programme({"hours": "09:00-17:30", "loop": ["a", "b", "gone"],
                                        "special_days": special})
    plan = programme.day_plan(plan_of, {"a": 30.0, "b": 45.0}, date(2026, 12, 4), zone)
    opening = datetime(2026, 12, 4, 9, 0, tzinfo=zone).timestamp()
    assert plan["anchor"] == opening and plan["period"] == 75
    assert programme.playing(plan, opening - 1) is None
    assert programme.playing(plan, opening + 10) == ("a", 10)
    assert programme.playing(plan, opening + 75 * 100 + 40) == ("b", 10)
    assert programme.playing(plan, datetime(2026, 12, 4, 17, 30, tzinfo=zone).timestamp()) is None
    assert programme.day_plan(plan_of, {"a": 30.0}, date(2026, 12, 25), zone) is None
    short = programme.day_plan(plan_of, {"a": 30.0}, date(2026, 12, 31), zone)
    assert short["anchor"] == datetime(2026, 12, 31, 10, 0, tzinfo=zone).timestamp()


@pytest.mark.parametrize("hours", ["9-17", "17:00-09:00", "09:00-25:00"])
def test_programme_hours_are_checked(hours):
    with pytest.raises(ShowError, match="hours"):
        programme.read_programme({"hours": hours, "loop": []})


def test_compare_names_cues_added_removed_and_moved():
    before = _show({"output": "wall-west"}, {"output": "wall-west", "start": 12},
                   {"output": "ceiling", "media": "show-media/b.mp4"})
    after = _show({"output": "wall-west"}, {"output": "wall-west", "start": 10, "text": {"en": "Rain"}},
                  {"output": "ceiling", "media": "show-media/c.mp4"}, duration=30)
    changes = model.compare(before, after)
    assert [(old.start, new.start) for old, new in changes.moved] == [(12, 10)]
    assert [cue.media for cue in changes.added] == ["show-media/c.mp4"]
    assert [cue.media for cue in changes.removed] == ["show-media/b.mp4"]
    assert changes.duration and not changes.title and not changes.none and changes.edited == 0
    retold = _show({"output": "wall-west", "text": {"en": "Mist"}}, {"output": "wall-west", "start": 12},
                   {"output": "ceiling", "media": "show-media/b.mp4"})
    assert model.compare(before, retold).edited == 1 and not model.compare(before, retold).none
    same = model.compare(before, _show(*reversed([cue.as_json() for cue in before.cues])))
    assert same.none  # the order of the list is no change


def test_refusals_carry_what_the_workspace_says_in_its_language():
    with pytest.raises(ShowError) as refused:
        _show({"output": "wall-west"}, duration=5 * 3600)
    assert (refused.value.field, refused.value.code) == ("duration", "number_range")
    assert refused.value.params == {"low": "0", "high": "14400"}
