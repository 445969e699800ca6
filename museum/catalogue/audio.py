"""Audio tables: guide tracks and soundscapes (per record or gallery, per language) and the cached
modal analyses of the playable instruments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from languages import LANGUAGES
from museum.catalogue.db import Base
from museum.catalogue.models import Gallery, Record, utcnow


class AudioTrack(Base):
    """One processed track; its files live in ``<MEDIA_ROOT>/audio/<folder>/`` (see its manifest)."""

    __tablename__ = "audio_tracks"
    __table_args__ = (UniqueConstraint("folder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    gallery_id: Mapped[int | None] = mapped_column(ForeignKey("galleries.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="guide")  # guide | soundscape
    title: Mapped[str | None] = mapped_column(String(300))
    folder: Mapped[str] = mapped_column(String(200))
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


# --- services shared by the CLI, the API, the kiosk and the sample step ---------------------------

def resolve_target(session, target: str) -> tuple[Record | None, Gallery | None]:
    """An accession number or a gallery slug."""
    from sqlalchemy import select

    from museum.exceptions import NotFound

    record = session.scalar(select(Record).where(Record.accession_number == target))
    if record is not None:
        return record, None
    gallery = session.scalar(select(Gallery).where(Gallery.slug == target))
    if gallery is not None:
        return None, gallery
    raise NotFound(f"no record with accession number and no gallery with slug {target!r}")


def add_track(session, target: str, source, language: str, media_root, *, transcript=None, layout=None,
              kind: str = "guide", title: str | None = None, is_sample: bool = False) -> AudioTrack:
    """Process ``source`` and attach it; the files land in <media_root>/audio/<folder>/."""
    import uuid
    from pathlib import Path

    from assets.audio.pipeline import process_track
    from museum.exceptions import BadParameter

    if language not in LANGUAGES:
        raise BadParameter(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    if kind not in ("guide", "soundscape"):
        raise BadParameter(f"kind must be guide or soundscape, got {kind!r}")
    record, gallery = resolve_target(session, target)
    folder = f"{target}-{language}-{uuid.uuid4().hex[:8]}"
    manifest = process_track(source, Path(media_root) / "audio" / folder, language, transcript=transcript,
                             channel_layout=layout)
    track = AudioTrack(record=record, gallery=gallery, language=language, kind=kind, title=title,
                       folder=folder, duration=manifest["duration"], sample_rate=manifest["sample_rate"],
                       channels=manifest["channels"], layout=manifest["layout"],
                       loudness_lufs=manifest["loudness"]["output_lufs"],
                       true_peak_dbtp=manifest["loudness"]["output_true_peak_dbtp"], manifest=manifest,
                       is_sample=is_sample)
    session.add(track)
    session.flush()
    return track


def tracks_for(session, target: str) -> list[AudioTrack]:
    from sqlalchemy import select

    record, gallery = resolve_target(session, target)
    column, value = (AudioTrack.record_id, record.id) if record else (AudioTrack.gallery_id, gallery.id)
    return list(session.scalars(select(AudioTrack).where(column == value).order_by(AudioTrack.language,
                                                                                  AudioTrack.id)))


def instrument_data(session, accession: str) -> dict:
    """The newest modal analysis: the instance's own run if any, else the shipped data file."""
    from sqlalchemy import select

    from exhibits.audio import instruments, player

    instruments.instrument(accession)  # unknown accession -> UnknownInstrument
    row = session.scalar(select(InstrumentModes).where(InstrumentModes.accession_number == accession))
    return row.data if row is not None else player.shipped_modes(accession)


def save_modes(session, accession: str, data: dict) -> None:
    from sqlalchemy import select

    row = session.scalar(select(InstrumentModes).where(InstrumentModes.accession_number == accession))
    if row is None:
        session.add(InstrumentModes(accession_number=accession, data=data))
    else:
        row.data, row.computed_at = data, utcnow()


def remove_track(session, track: AudioTrack) -> str:
    """Delete the track; returns its folder (under <media>/audio/) to delete once committed."""
    session.delete(track)
    return track.folder
