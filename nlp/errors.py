"""Every error jixiao raises on purpose. The library raises; only the CLI exits.

Each message names the file (when there is one) and says what to do, so that the
CLI can print ``str(error)`` as one line with no traceback.
"""

from __future__ import annotations

from typing import Optional


class JixiaoError(Exception):
    """Base class: a user-facing problem, printed as one line by the CLI."""

    def __init__(self, message: str, path: Optional[str] = None):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


# --- reading inputs ---------------------------------------------------------------
class InputError(JixiaoError):
    """An input file cannot be read as a report."""


class FileMissingError(InputError):
    """The path does not exist or is not a file."""


class EmptyFileError(InputError):
    """The file has no content (or only white space)."""


class BinaryFileError(InputError):
    """The file is binary where text was expected."""


class DecodeError(InputError):
    """The text is in no encoding jixiao recognises."""


class BadDocumentError(InputError):
    """A .docx/.xlsx/.pdf that is not what its extension says, or is damaged."""


class UnsupportedFormatError(InputError):
    """A format jixiao does not read (.doc, scanned PDF, unknown extension)."""


class LimitExceededError(InputError):
    """An input over a safety limit (size, uncompressed size, rows)."""


class NoIndicatorTableError(InputError):
    """A tabular input (.csv/.xlsx) without a recognisable indicator header row."""


# --- models ----------------------------------------------------------------------
class ModelError(JixiaoError):
    """A classifier model cannot be used."""


class ModelNotFoundError(ModelError):
    """No model at the given path."""


class ModelIncompatibleError(ModelError):
    """The model was made by another version or for another label set."""


class ModelUntrustedError(ModelError):
    """The model file contains types outside the trusted list, or was altered."""


class ModelExistsError(ModelError):
    """Training would overwrite an existing model without --force."""


# --- training data ---------------------------------------------------------------
class DataError(JixiaoError):
    """Malformed labelled data; names file, row and column."""

    def __init__(
        self,
        message: str,
        path: Optional[str] = None,
        row: Optional[int] = None,
        column: Optional[str] = None,
    ):
        self.row = row
        self.column = column
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message, path)
