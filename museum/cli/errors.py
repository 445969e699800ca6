"""One error path for the ``museum`` command line, as :mod:`museum.errors` is for HTTP.

Every group and command is a :class:`MuseumGroup` or :class:`MuseumCommand` (``cls=`` in its decorator; the
commands of a group inherit it). They turn the domain errors of every package (:data:`EXIT_BY_EXCEPTION`)
into the details the error carries (every row of a failed import, every schema error of a layout), then
one line ``error: MESSAGE`` on stderr, and an exit status by kind:

  0  done.
  1  refused or not OK: a bad value, an unknown name, a conflict, an invalid file, a batch that refused
     part of its input (what it refused is listed); also a check that found problems (``audit verify``,
     ``layout check``: the report on stdout says which).
  2  usage, click's own: an unknown option, a missing argument, a value outside the listed choices.
  3  unavailable: something the command needs is down or not there yet (the search engine, an external
     tool, the trained poem model, an instrument's modal analysis); the message says what to start,
     install or run first, and the same command then succeeds.

Any other exception is a bug: it ends with its traceback (and Python's exit status 1). A package that adds
an exception class registers it here and in :mod:`museum.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable

import click

from assets import exceptions as media_exceptions
from assets.models import exceptions as model_exceptions
from exhibits.audio import exceptions as instrument_exceptions
from exhibits.layouts import exceptions as layout_exceptions
from exhibits.poems import exceptions as poem_exceptions
from exhibits.shows import exceptions as show_exceptions
from exhibits.stories import exceptions as story_exceptions
from museum import exceptions
from search import exceptions as search_exceptions

ERROR = 1
USAGE = 2  # raised by click itself (click.UsageError and click.BadParameter)
UNAVAILABLE = 3

# exception class -> exit status. Subclasses match their nearest registered base.
EXIT_BY_EXCEPTION: dict[type[BaseException], int] = {
    exceptions.MuseumError: ERROR,
    exceptions.Unavailable: UNAVAILABLE,
    media_exceptions.MediaError: ERROR,  # every media kind's refusals (assets.kinds)
    model_exceptions.ToolMissing: UNAVAILABLE,
    instrument_exceptions.InstrumentError: ERROR,
    instrument_exceptions.ModesMissing: UNAVAILABLE,
    layout_exceptions.LayoutError: ERROR,
    poem_exceptions.PoemError: ERROR,
    poem_exceptions.CorpusNotFound: UNAVAILABLE,
    poem_exceptions.ModelNotTrained: UNAVAILABLE,
    poem_exceptions.RateLimited: UNAVAILABLE,
    search_exceptions.SearchError: ERROR,
    show_exceptions.ShowError: ERROR,  # a show or programme document that cannot be read
    story_exceptions.StoryError: ERROR,  # an exhibition that cannot be exported as asked
    story_exceptions.FfmpegMissing: UNAVAILABLE,
    search_exceptions.BackendUnavailable: UNAVAILABLE,
}

EXIT_STATUS_HELP = """\b
Exit status:
  0  done
  1  refused or not OK: a bad value, an unknown name, a conflict, an invalid file,
     part of a batch refused; or a check (audit verify, layout check) found problems
  2  usage: an unknown option, a missing argument, a value outside the listed choices
  3  unavailable: the search engine, a tool, the trained poem model or a modal analysis
     is not there yet (the message says what to start, install or run first)
Errors print "error: MESSAGE" on stderr; a traceback is a bug."""


def exit_status_for(error: BaseException) -> int | None:
    for cls in type(error).__mro__:
        if cls in EXIT_BY_EXCEPTION:
            return EXIT_BY_EXCEPTION[cls]
    return None


class CommandError(click.ClickException):
    """What a command ends with when it did not do (all of) what was asked: ``details`` lines, then
    ``error: MESSAGE``, on stderr. Raised from domain errors by the error path, or by a command itself for
    an outcome of its own (a batch that refused some files)."""

    def __init__(self, message: str, exit_code: int = ERROR, details: Iterable[str] = ()):
        super().__init__(message)
        self.exit_code = exit_code
        self.details = [line for line in details if line != message and not line.endswith(f": {message}")]

    @classmethod
    def from_domain(cls, error: BaseException) -> CommandError:
        details = []
        for item in getattr(error, "errors", None) or []:  # ImportFailed's rows, InvalidLayout's paths
            is_path = isinstance(item, dict) and "message" in item
            details.append(f"  {item.get('path') or '/'}: {item['message']}" if is_path else str(item))
        return cls(str(error), exit_status_for(error) or ERROR, details)

    def show(self, file=None) -> None:
        for line in self.details:
            click.echo(line, file=file, err=file is None)
        click.echo(f"error: {self.format_message()}", file=file, err=file is None)


def _words_after_the_root(ctx: click.Context) -> list[str]:
    words = []
    while ctx.parent is not None:
        words.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return words


class _MapsDomainErrors:
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except tuple(EXIT_BY_EXCEPTION) as error:
            raise CommandError.from_domain(error) from error


class MuseumCommand(_MapsDomainErrors, click.Command):
    """A command whose domain errors end as one ``error:`` line and their exit status."""


class MuseumGroup(_MapsDomainErrors, click.Group):
    """A group of :class:`MuseumCommand` (and of groups like itself) that also answers, for one release,
    to the old names given to :meth:`add_old_name`: hidden from ``--help``, with a note on stderr."""

    command_class = MuseumCommand
    group_class = type  # subgroups are MuseumGroups too

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.old_names: dict[str, tuple[click.Command, str]] = {}

    def add_old_name(self, old_name: str, command: click.Command, new_words: str) -> None:
        """Answer ``old_name`` with ``command``, telling the user to type ``museum NEW_WORDS`` instead."""
        self.old_names[old_name] = (command, new_words)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and name in self.old_names:
            command, new_words = self.old_names[name]
            old_words = " ".join([*_words_after_the_root(ctx), name])
            click.echo(f"warning: `museum {old_words}` is deprecated and goes in the next release; "
                       f"use `museum {new_words}`", err=True)
        return command
