"""Reading and checking stakeholder spreadsheets: plain functions over plain data.

``read_table`` (``reading``) turns CSV or XLSX bytes into a header and rows of text;
``guess_mapping`` (``columns``) matches the columns to registry fields; ``validate_rows``
(``rows``) checks every row against a ``Reference`` (the initiative's perspectives and existing
people, passed in as plain data) and returns a typed record or a list of errors per row.
Nothing here touches the database. This package re-exports the public names, so callers write
``tabular.read_table(...)``.
"""

from convener.stakeholders.tabular.columns import (
    CHOICE_ALIASES,
    FIELDS,
    HEADER_ALIASES,
    guess_mapping,
    mapping_errors,
    normalise,
    remembered_mapping,
)
from convener.stakeholders.tabular.reading import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    Table,
    TabularError,
    decode_text,
    detect_format,
    read_csv,
    read_table,
    read_xlsx,
    rows_from_records,
    sniff_delimiter,
)
from convener.stakeholders.tabular.rows import (
    DUPLICATE_CHOICES,
    CellError,
    Reference,
    RowResult,
    parse_bool,
    parse_choice,
    parse_date,
    person_key,
    split_tags,
    validate_rows,
)

__all__ = [
    "CHOICE_ALIASES",
    "DUPLICATE_CHOICES",
    "FIELDS",
    "HEADER_ALIASES",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "CellError",
    "Reference",
    "RowResult",
    "Table",
    "TabularError",
    "decode_text",
    "detect_format",
    "guess_mapping",
    "mapping_errors",
    "normalise",
    "parse_bool",
    "parse_choice",
    "parse_date",
    "person_key",
    "read_csv",
    "read_table",
    "read_xlsx",
    "remembered_mapping",
    "rows_from_records",
    "sniff_delimiter",
    "split_tags",
    "validate_rows",
]
