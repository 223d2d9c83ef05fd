"""Reading and parsing an uploaded spreadsheet of projects, milestones, monthly costs or weekly quality records.
Nothing here writes to the database.

The flow is

1. ``read_upload(kind, uploaded_file)`` (``reading``) reads an .xlsx or .csv into a ``Sheet`` of strings, keyed by
   the column keys of ``columns``; a file that cannot be used at all raises ``ImportFileError``.
2. ``validate(sheet, user)`` (``checking``) parses every cell (``cells``) and looks up the codes and usernames
   through the restricted read path, returning a ``Validation``: per row the service's keyword arguments, or the
   errors, each naming the row number as the spreadsheet shows it, the column as written in the file, and why.
3. ``projects.services.imports`` runs the parsed rows through the services, which own every business rule: the
   preview in a transaction that is always rolled back, the confirmation all or nothing.

``samples`` builds the downloadable example files.
"""

from projects.imports.cells import (
    CellError,
    normalise,
    parse_bool,
    parse_choice,
    parse_date,
    parse_text,
    parse_weight,
    parse_whole_money,
)
from projects.imports.checking import CheckedRow, RowError, Validation, validate
from projects.imports.columns import (
    CHOICE_COLUMNS,
    COLUMNS,
    COST_COLUMNS,
    COSTS,
    KIND_CHOICES,
    KINDS,
    MILESTONE_COLUMNS,
    MILESTONES,
    PROJECT_COLUMNS,
    PROJECTS,
    QUALITY,
    QUALITY_COLUMNS,
    Column,
    header_key,
)
from projects.imports.reading import (
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    ImportFileError,
    Sheet,
    decode_csv,
    read_upload,
    sheet_from_grid,
)
from projects.imports.samples import sample_csv, sample_rows, sample_xlsx

__all__ = [
    "CHOICE_COLUMNS",
    "COLUMNS",
    "COSTS",
    "COST_COLUMNS",
    "KINDS",
    "KIND_CHOICES",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "MILESTONES",
    "MILESTONE_COLUMNS",
    "PROJECTS",
    "PROJECT_COLUMNS",
    "QUALITY",
    "QUALITY_COLUMNS",
    "CellError",
    "CheckedRow",
    "Column",
    "ImportFileError",
    "RowError",
    "Sheet",
    "Validation",
    "decode_csv",
    "header_key",
    "normalise",
    "parse_bool",
    "parse_choice",
    "parse_date",
    "parse_text",
    "parse_weight",
    "parse_whole_money",
    "read_upload",
    "sample_csv",
    "sample_rows",
    "sample_xlsx",
    "sheet_from_grid",
    "validate",
]
