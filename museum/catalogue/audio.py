"""Audio tables: guide tracks and soundscapes (per record or gallery, per language) with their
:class:`TrackHoldings` (the audio kind's catalogue side, :mod:`assets.audio.kind`), and the cached modal
analyses of the playable instruments and their strike zones as curators placed them (audited)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assets.audio.kind import AUDIO
from assets.media import sha256_of
from languages import LANGUAGES
from museum.catalogue import audit
from museum.catalogue.db import Base
from museum.catalogue.holdings import Added, Holdings, record_or_gallery
from museum.catalogue.models import Gallery, Record, utcnow
from museum.exceptions import BadParameter

TRACK_KINDS = ("guide", "soundscape")


class AudioTrack(Base):
    """One processed track; its files are stored under the keys ``audio/<folder>/...`` (see its manifest)."""

    __tablename__ = "audio_tracks"
    __table_args__ = (UniqueConstraint("folder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    gallery_id: Mapped[int | None] = mapped_column(ForeignKey("galleries.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="guide")  # guide | soundscape
    title: Mapped[str | None] = mapped_column(String(300))
    folder: Mapped[str] = mapped_column(String(200))
    source_sha256: Mapped[str | None] = mapped_column(String(64), index=True)  # None: added before 0015
    duration: Mapped[float] = mapped_column(Float)
    sample_rate: Mapped[int] = mapped_column(Integer)
    channels: Mapped[int] = mapped_column(Integer)
    layout: Mapped[str | None] = mapped_column(String(20))
    loudness_lufs: Mapped[float | None] = mapped_column(Float)
    true_peak_dbtp: Mapped[float | None] = mapped_column(Float)
    manifest: Mapped[dict] = mapped_column(JSON, default=dict)
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    record: Mapped[Record | None] = relationship()
    gallery: Mapped[Gallery | None] = relationship()


class InstrumentModes(Base):
    """The modal analysis of one playable instrument, as computed by ``museum instrument modes``."""

    __tablename__ = "instrument_modes"

    id: Mapped[int] = mapped_column(primary_key=True)
    accession_number: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    data: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class InstrumentZones(Base):
    """A playable instrument's strike zones as a curator placed them on its picture (the ``image``, a IIIF
    identifier, they were placed on): each :meth:`exhibits.audio.zones.Zone.to_json`."""

    __tablename__ = "instrument_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    accession_number: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    image: Mapped[str] = mapped_column(String(300))
    zones: Mapped[list] = mapped_column(JSON)
    saved_by: Mapped[str | None] = mapped_column(String(120))
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


audit.track(InstrumentZones, "accession_number")


class TrackHoldings(Holdings):
    """Tracks of records and galleries. Options of :meth:`add`: ``language`` (required), ``transcript`` (a
    plain text or WebVTT file), ``layout`` (of a multichannel file), ``kind`` (guide or soundscape) and
    ``title``. Each add is a new track (in a folder ``<target>-<language>-<random>``), except the same audio
    file again in the same language, which is kept once (remove the track to replace its transcript)."""

    kind = AUDIO

    def check_options(self, options: dict) -> None:
        language, kind = options.get("language"), options.get("kind") or "guide"
        if language not in LANGUAGES:
            raise BadParameter(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}",
                               code="track_language", value=language or "")
        if kind not in TRACK_KINDS:
            raise BadParameter(f"kind must be guide or soundscape, got {kind!r}", code="track_kind",
                               value=kind)

    def attach(self, session, target, path, storage, limits, is_sample, options) -> list[Added]:
        self.check_options(options)
        language, kind = options["language"], options.get("kind") or "guide"
        record, gallery = record_or_gallery(session, target)
        digest = sha256_of(path)
        kept = self.attached(session, target, digest, options)
        if kept is not None:
            return [Added(kept, created=False)]
        folder = f"{target}-{language}-{uuid.uuid4().hex[:8]}"
        ingested = self.kind.ingest(path, storage, folder, limits, language=language,
                                    transcript=options.get("transcript"), layout=options.get("layout"))
        manifest = ingested.metadata
        track = AudioTrack(record=record, gallery=gallery, language=language, kind=kind,
                           title=options.get("title"), folder=folder, source_sha256=digest,
                           duration=manifest["duration"],
                           sample_rate=manifest["sample_rate"], channels=manifest["channels"],
                           layout=manifest["layout"], loudness_lufs=manifest["loudness"]["output_lufs"],
                           true_peak_dbtp=manifest["loudness"]["output_true_peak_dbtp"], manifest=manifest,
                           is_sample=is_sample)
        session.add(track)
        return [Added(track, True, ingested.warnings)]

    def attached(self, session, target, sha256, options) -> AudioTrack | None:
        return next((track for track in self.list(session, target)
                     if track.source_sha256 == sha256 and track.language == options.get("language")), None)

    def list(self, session, target) -> list[AudioTrack]:
        record, gallery = record_or_gallery(session, target)
        column, value = (AudioTrack.record_id, record.id) if record else (AudioTrack.gallery_id, gallery.id)
        return list(session.scalars(select(AudioTrack).where(column == value).order_by(AudioTrack.language,
                                                                                      AudioTrack.id)))

    def find(self, session, target, name) -> AudioTrack | None:
        return next((track for track in self.list(session, target) if str(track.id) == name), None)

    def by_folder(self, session, folder: str) -> AudioTrack | None:
        return session.scalar(select(AudioTrack).where(AudioTrack.folder == folder))

    def files(self, session, track: AudioTrack) -> list[str]:
        """The track's files and its manifest (its folder is its own: no other track shares a file)."""
        names = [*track.manifest.get("files", {}).values(), "manifest.json"]
        return [f"audio/{track.folder}/{name}" for name in dict.fromkeys(names)]

    def describe(self, track: AudioTrack) -> str:
        return f"{track.language} {track.duration:.1f} s, {track.loudness_lufs:.1f} LUFS"

    def form_options(self, form, files) -> dict:
        return {"language": form.get("lang", ""), "kind": form.get("kind", "guide"),
                "title": form.get("title", "").strip()[:300] or None, "transcript": files.get("transcript")}


TRACKS = TrackHoldings()


def instrument_data(session, accession: str) -> dict:
    """The newest modal analysis: the instance's own run if any, else the shipped data file."""
    from exhibits.audio import instruments, player

    instruments.instrument(accession)  # unknown accession -> UnknownInstrument
    row = session.scalar(select(InstrumentModes).where(InstrumentModes.accession_number == accession))
    return row.data if row is not None else player.shipped_modes(accession)


def save_modes(session, accession: str, data: dict) -> None:
    row = session.scalar(select(InstrumentModes).where(InstrumentModes.accession_number == accession))
    if row is None:
        session.add(InstrumentModes(accession_number=accession, data=data))
    else:
        row.data, row.computed_at = data, utcnow()


def saved_zones(session, accession: str) -> InstrumentZones | None:
    """The zones a curator saved for an instrument, if any (the station falls back to the built-in ones)."""
    return session.scalar(select(InstrumentZones).where(InstrumentZones.accession_number == accession))


def save_zones(session, accession: str, image: str, zones: list, author: str | None) -> InstrumentZones:
    """Store checked zones (:func:`exhibits.audio.zones.check` found nothing) for the picture ``image``."""
    row = saved_zones(session, accession)
    if row is None:
        row = InstrumentZones(accession_number=accession)
        session.add(row)
    row.image, row.zones, row.saved_by, row.saved_at = image, [z.to_json() for z in zones], author, utcnow()
    return row


def current_zones(session, inst, image: str | None) -> tuple[list, InstrumentZones | None]:
    """The zones the station draws on the picture ``image`` (a IIIF identifier): a curator's, when they
    were placed on that same picture, else the instrument's built-in ones; and the saved row, if any."""
    from exhibits.audio.zones import Zone

    row = saved_zones(session, inst.accession)
    if row is not None and image is not None and row.image == image:
        return [Zone.from_json(z) for z in row.zones], row
    return list(inst.image_zones), row
