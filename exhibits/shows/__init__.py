"""Immersive shows (framework-free): a show is a timeline of cues for the named outputs of a room (LED walls,
the ceiling, a surround audio output); a programme schedules shows through the day. ``model`` (shows, cues,
validation), ``programme`` (what plays when), ``probe`` (ffprobe's view of a media file), ``storyboard``
(a contact sheet of each output at each cue)."""
