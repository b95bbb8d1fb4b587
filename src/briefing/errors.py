"""Domain errors: each carries a one-line message that names the file or value at fault."""

from __future__ import annotations


class BriefingError(Exception):
    """Base class of every error the core raises on purpose."""

    def __str__(self) -> str:  # always one line, whatever the cause carried
        return " ".join(super().__str__().split())


class YamlProblem(BriefingError):
    """YAML text that cannot be read as plain data: bad syntax, a value that cannot be built, an alias bomb.

    The message names the line or the key ("published: day is out of range (2022-02-30)"); the caller puts
    the file's name in front.
    """


class CorpusError(BriefingError):
    """A corpus file that cannot be read as an article."""


class IngestError(BriefingError):
    """A raw file that cannot be ingested."""


class DuplicateArticle(IngestError):
    """The raw file is already in the corpus."""

    def __init__(self, message: str, existing_id: str) -> None:
        super().__init__(message)
        self.existing_id = existing_id


class QueryError(BriefingError):
    """A search query that cannot be parsed."""


class IndexError_(BriefingError):
    """The search index cannot be opened or written."""


class NotesError(BriefingError):
    """A notes file that cannot be read or written."""


class NotesConflict(NotesError):
    """A notes file changed on disk while it was being edited."""


class DateError(BriefingError):
    """A date value given by the user that cannot be understood."""
