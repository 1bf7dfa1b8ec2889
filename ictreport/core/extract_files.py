"""Reading an extract's file: a CSV (UTF-8 or Windows-1252, comma or semicolon) or XLSX
file within the upload limits of ``ictreport.core.uploads``, into a frame whose columns
are the extract kind's canonical names, every value a string: formulas are text, nothing
is interpreted until the kind parses it. Anything unreadable is a ``ValidationError``
with a plain sentence.

The XLSX file is read by ``ictreport.core.uploads.xlsx_rows``, the reader the figures
import uses too; what is particular to extracts (CSV sniffing, the row limit, every cell
as text, pandas) is here.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext

from ictreport.core.uploads import (
    Limits,
    UploadRefused,
    repeated_header_message,
    too_large_message,
    xlsx_rows,
)

if TYPE_CHECKING:  # pandas is imported when a file is read, not at start-up
    import pandas as pd

    from ictreport.core.extracts import Column


CSV, XLSX = "csv", "xlsx"
_XLSX_MAGIC = b"PK\x03\x04"


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def max_rows() -> int:
    return settings.EXTRACT_MAX_ROWS


def _open(uploaded_or_path):
    """A binary file object, its name and size, and whether we opened it."""
    if isinstance(uploaded_or_path, str | Path):
        path = Path(uploaded_or_path)
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise ValidationError(gettext("The file %(name)s cannot be opened: %(why)s.")
                                  % {"name": path, "why": exc.strerror or exc}) from None
        return handle, path.name, path.stat().st_size, True
    upload = uploaded_or_path
    handle = getattr(upload, "file", upload)
    size = getattr(upload, "size", None)
    if size is None:
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
    return handle, getattr(upload, "name", "") or "", size, False


def file_sha256(uploaded_or_path) -> str:
    handle, _name, _size, opened = _open(uploaded_or_path)
    try:
        handle.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        if opened:
            handle.close()
        else:
            handle.seek(0)


def read_frame(uploaded_or_path, *, columns: list[Column], mapping: dict[str, str] | None = None
               ) -> pd.DataFrame:
    """The file's rows as a frame with the canonical column names of ``columns``.

    ``mapping`` gives, for a canonical column, the file's header that holds it (the
    organisation's saved mapping); a column not mapped is looked for under its own
    name. Every value is a string (dtype "string", "" for an empty cell); rows keep the
    file's order, the frame's index being the spreadsheet row number (header = 1).
    A required column missing is a ``ValidationError`` naming it; so is a file beyond
    the limits, empty, or not CSV or XLSX.
    """
    headers, frame = read_raw(uploaded_or_path)
    return canonical(frame, headers, columns=columns, mapping=mapping)


def read_raw(uploaded_or_path) -> tuple[list[str], pd.DataFrame]:
    """The file's own headers and its rows (every value a string, columns as the file
    names them), within the limits."""
    limits = Limits.from_settings()
    handle, _name, size, opened = _open(uploaded_or_path)
    try:
        if size is not None and size > limits.max_bytes:
            raise ValidationError(too_large_message(limits.max_bytes))
        handle.seek(0)
        head = handle.read(4)
        handle.seek(0)
        frame = (_read_xlsx(handle, limits) if head == _XLSX_MAGIC
                 else _read_csv(handle.read()))
    except UploadRefused as exc:
        raise ValidationError(exc.message) from None
    finally:
        if opened:
            handle.close()
        else:
            handle.seek(0)
    return _checked(frame, limits)


def _not_readable() -> ValidationError:
    return ValidationError(gettext(
        "The file is neither CSV text nor an Excel workbook (.xlsx). Export the extract "
        "from the system as CSV or XLSX and try again."))


def _decode(data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise _not_readable()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_readable() from None
    # Windows-1252 decodes most bytes; control characters other than tab and line ends
    # mean the file is not text at all.
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    if controls:
        raise _not_readable()
    return text


def _read_csv(data: bytes) -> pd.DataFrame:
    import pandas as pd

    text = _decode(data)
    if not text.strip():
        raise _empty()
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype="string", keep_default_na=False,
            na_filter=False, header=None, skip_blank_lines=False, engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        raise _empty() from None
    except (pd.errors.ParserError, ValueError):
        raise ValidationError(gettext(
            "The file cannot be read as CSV: a row has more cells than the first row names, "
            "or a quote is not closed. Export it again from the system and try again."
        )) from None
    return frame


def _read_xlsx(handle, limits: Limits) -> pd.DataFrame:
    import pandas as pd

    rows = []
    with contextlib.closing(xlsx_rows(handle, limits, data_only=False,
                                      not_xlsx=_not_readable().messages[0])) as sheet_rows:
        for number, row in enumerate(sheet_rows, start=1):
            if number > max_rows() + 1:
                raise ValidationError(_rows_message())
            rows.append(["" if v is None else _cell_text(v) for v in row])
    if not rows:
        raise _empty()
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return pd.DataFrame(rows, dtype="string")


def _cell_text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _empty() -> ValidationError:
    return ValidationError(gettext(
        "The file is empty. An extract's first row names its columns and each row below "
        "it is one record."))


def _rows_message() -> str:
    return gettext(
        "The file has more than %(limit)s rows, the most an extract may have. Export a "
        "shorter period, or split it into smaller files."
    ) % {"limit": _number(max_rows())}


def _checked(frame: pd.DataFrame, limits: Limits) -> tuple[list[str], pd.DataFrame]:
    """Header row taken off, blank trailing rows dropped, limits checked."""
    if frame.shape[0] == 0:
        raise _empty()
    headers = [str(h).strip() for h in frame.iloc[0].tolist()]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise _empty()
    if len(headers) > limits.max_columns:
        raise ValidationError(gettext(
            "The first row names more than %(limit)s columns; an extract has far fewer."
        ) % {"limit": _number(limits.max_columns)})
    repeated = repeated_header_message(headers)
    if repeated:
        raise ValidationError(repeated)
    body = frame.iloc[1:]
    extra = body.iloc[:, len(headers):]
    if extra.shape[1]:
        filled = (extra.fillna("").apply(lambda c: c.str.strip()) != "").any(axis=1)
        if filled.any():
            row = int(filled.to_numpy().nonzero()[0][0]) + 2
            raise ValidationError(gettext(
                "Row %(row)s has a value in a column with no name in the first row. Name "
                "every column in the first row, or remove the value."
            ) % {"row": _number(row)})
    body = body.iloc[:, :len(headers)].fillna("")
    body.columns = headers
    if body.shape[1]:
        blank = (body.apply(lambda c: c.str.strip()) == "").all(axis=1).to_numpy()
        # Trailing blank rows are formatting, not data.
        last = len(blank)
        while last and blank[last - 1]:
            last -= 1
        body = body.iloc[:last]
    if body.shape[0] > max_rows():
        raise ValidationError(_rows_message())
    if body.shape[0] == 0:
        raise ValidationError(gettext(
            "The file has no rows below the column names in its first row."))
    longest = body.apply(lambda c: c.str.len()).max().max() if body.size else 0
    if longest and int(longest) > limits.max_cell_chars:
        raise ValidationError(gettext(
            "A cell holds more than %(limit)s characters, the most a cell may hold."
        ) % {"limit": _number(limits.max_cell_chars)})
    body = body.astype("string")
    body.index = range(2, body.shape[0] + 2)
    return headers, body


def missing_columns(headers: list[str], *, columns: list[Column],
                    mapping: dict[str, str] | None = None) -> list[Column]:
    """The required columns the file does not hold under their mapped or own name."""
    mapping = mapping or {}
    present = set(headers)
    return [c for c in columns
            if c.required and mapping.get(c.name, c.name) not in present]


def canonical(frame: pd.DataFrame, headers: list[str], *, columns: list[Column],
              mapping: dict[str, str] | None = None) -> pd.DataFrame:
    import pandas as pd

    mapping = mapping or {}
    missing = missing_columns(headers, columns=columns, mapping=mapping)
    if missing:
        raise ValidationError(gettext(
            "The file has no column for %(columns)s. Its first row names: %(headers)s. "
            "Map the file's columns, or export the extract with these columns."
        ) % {"columns": ", ".join(f"“{c.name}”" for c in missing),
             "headers": ", ".join(f"“{h}”" for h in headers if h)})
    out = {}
    for column in columns:
        source = mapping.get(column.name, column.name)
        if source in frame.columns:
            out[column.name] = frame[source].str.strip()
        else:
            out[column.name] = pd.Series([""] * len(frame), index=frame.index, dtype="string")
    return pd.DataFrame(out, index=frame.index)


def size_limit_text() -> str:
    return filesizeformat(Limits.from_settings().max_bytes)
