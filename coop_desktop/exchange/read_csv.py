"""CSV files: encoding and delimiter detected, read as a stream.

**Encoding** (:func:`detect_encoding`), decided in this order:

1. a byte-order mark: UTF-8 (``utf-8-sig``), UTF-16 LE/BE, UTF-32;
2. no mark: samples from the start, the middle and the end of the file decode as strict
   UTF-8 → ``utf-8`` (plain ASCII is UTF-8 too);
3. else the start decodes as strict GB18030 → ``gb18030``. Never GBK: GBK cannot hold
   characters such as 𠮷, and GB18030 reads every GBK file the same;
4. else the file is refused with a message asking the user to choose.

The caller may choose instead (:class:`~coop_desktop.exchange.reading.ReadOptions`
``encoding``): any text codec Python knows; ``gbk``, ``gb2312`` and ``cp936`` are read as
GB18030 and ``utf-8`` also skips a byte-order mark. A byte sequence that does not decode
further down the file stops the import with a message naming the row and the encoding.

**Line ends**: ``\\r\\n``, ``\\n`` and ``\\r`` alone, mixed in one file; a quoted cell may
span lines. **Delimiter** (:func:`sniff_delimiter`): comma, semicolon or tab, whichever
splits the first rows into the same number of cells, most of them (tab for ``.tsv``/``.tab``
when it ties). A cell the file's writer protected against formula injection (``'=…``, see
:mod:`coop_desktop.tabular`) is read back as it was.

**Bounded memory**: the file is read line by line; a line longer than
:data:`MAX_LINE_CHARS` or a row longer than :data:`MAX_RECORD_CHARS` stops the import (a CSV
is not a list of enterprises then), and Python's csv module refuses a cell longer than
131,072 characters.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from coop_desktop import tabular
from coop_desktop.errors import CoopError
from coop_desktop.exchange.reading import ReadOptions, Row, Table, trim
from coop_desktop.i18n.catalog import N_

SAMPLE_BYTES = 64 * 1024
MAX_LINE_CHARS = 1_000_000
MAX_RECORD_CHARS = 4_000_000
DELIMITERS = (",", ";", "\t")

MSG_ENCODING_UNKNOWN = N_("The encoding of “{name}” could not be recognised: it is not UTF-8, "
                          "UTF-16 or GB18030 text. Choose the encoding and try again.")
MSG_NOT_TEXT = N_("“{name}” is not a text file (it contains NUL bytes and has no UTF-16 "
                  "byte-order mark).")
MSG_DECODE = N_("Row {row} of “{name}” cannot be read as {encoding}: the file is not all in "
                "one encoding. Choose another encoding, or save the file as “CSV UTF-8”.")
MSG_BAD_ENCODING = N_("“{encoding}” is not an encoding that can be read. Use UTF-8, UTF-16 or "
                      "GB18030.")
MSG_BAD_DELIMITER = N_("“{delimiter}” cannot separate the cells of a CSV file: use a comma, a "
                       "semicolon or a tab.")
MSG_LINE_TOO_LONG = N_("Row {row} of “{name}” is longer than {max} characters; the file is not "
                       "a list that can be imported.")
MSG_CSV_BROKEN = N_("Row {row} of “{name}” cannot be read as CSV ({reason}).")

#: Names shown for the codecs (the dialog lists these).
ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16",
                   "utf-32": "UTF-32", "gb18030": "GB18030"}
#: What a user may choose in the dialog.
ENCODINGS = ("utf-8", "gb18030", "utf-16", "big5")
_GB_FAMILY = {"gbk", "gb2312", "cp936", "ms936", "936", "euc_cn", "hz", "gb18030"}


def _utf8_ok(chunk: bytes, *, start: bool, end: bool) -> bool:
    if not start:  # a sample from the middle: skip a character cut at its start
        skip = 0
        while skip < 3 and skip < len(chunk) and 0x80 <= chunk[skip] <= 0xBF:
            skip += 1
        chunk = chunk[skip:]
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(chunk, final=end)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path, name: str | None = None) -> str:
    """The codec to read ``path`` with (see the module docstring)."""
    name = name or path.name
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
        samples = [(head, True, size <= SAMPLE_BYTES)]
        if size > 2 * SAMPLE_BYTES:
            for offset in ((size - SAMPLE_BYTES) // 2, size - SAMPLE_BYTES):
                fh.seek(offset)
                samples.append((fh.read(SAMPLE_BYTES), False, offset + SAMPLE_BYTES >= size))
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise CoopError(MSG_NOT_TEXT, name=name)
    if all(_utf8_ok(chunk, start=start, end=end) for chunk, start, end in samples):
        return "utf-8"
    try:
        codecs.getincrementaldecoder("gb18030")("strict").decode(head, final=size <= SAMPLE_BYTES)
    except UnicodeDecodeError:
        raise CoopError(MSG_ENCODING_UNKNOWN, name=name) from None
    return "gb18030"


def chosen_encoding(encoding: str) -> str:
    """The codec for an encoding the user chose (GBK and friends as GB18030)."""
    try:
        info = codecs.lookup(encoding.strip())
    except (LookupError, ValueError):
        raise CoopError(MSG_BAD_ENCODING, encoding=encoding) from None
    if not getattr(info, "_is_text_encoding", True):
        raise CoopError(MSG_BAD_ENCODING, encoding=encoding)
    codec = info.name
    if codec.replace("-", "_") in _GB_FAMILY or codec in _GB_FAMILY:
        return "gb18030"
    if codec == "utf-8":
        return "utf-8-sig"
    return codec


def sniff_delimiter(text: str, *, prefer_tab: bool = False) -> str:
    """The delimiter that splits the first rows of ``text`` most consistently."""
    lines = text.splitlines(keepends=True)
    if len(lines) > 1:
        lines = lines[:-1]  # possibly cut short by the sample
    sample = "".join(lines[:50])
    order = ("\t", ",", ";") if prefer_tab else DELIMITERS
    best, best_score = ",", (0, 0, 0)
    for rank, delimiter in enumerate(reversed(order)):
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample, newline=""),
                                                 delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        widths = widths[:20]
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(common) if common > 1 else 0, common, rank)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class _Lines:
    """Lines of a text stream for the csv module, each and each row within the limits."""

    def __init__(self, stream: IO[str], table: CsvTable) -> None:
        self.stream = stream
        self.table = table
        self.record_chars = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            line = self.stream.readline(MAX_LINE_CHARS + 1)
        except UnicodeDecodeError:
            raise CoopError(MSG_DECODE, row=self.table.row + 1, name=self.table.name,
                            encoding=ENCODING_LABELS.get(self.table.encoding or "",
                                                         self.table.encoding)) from None
        if not line:
            raise StopIteration
        self.record_chars += len(line)
        if len(line) > MAX_LINE_CHARS or self.record_chars > MAX_RECORD_CHARS:
            raise CoopError(MSG_LINE_TOO_LONG, row=self.table.row + 1, name=self.table.name,
                            max=f"{MAX_LINE_CHARS:,}")
        return line


class CsvTable(Table):
    kind = "csv"

    def __init__(self, path: Path, options: ReadOptions) -> None:
        super().__init__(path, options)
        if options.encoding:
            self.encoding = chosen_encoding(options.encoding)
        else:
            self.encoding = detect_encoding(path)
            self.encoding_detected = True
        self.size = path.stat().st_size
        self.row = 0
        self._raw: IO[bytes] | None = None
        if options.delimiter:
            if len(options.delimiter) != 1 or options.delimiter in "\"'\r\n" or (
                    options.delimiter.isalnum()):
                raise CoopError(MSG_BAD_DELIMITER, delimiter=options.delimiter)
            self.delimiter = options.delimiter
        else:
            self.delimiter = sniff_delimiter(self._sample(),
                                             prefer_tab=path.suffix.lower() in (".tsv", ".tab"))

    def _sample(self) -> str:
        with self.path.open("rb") as fh:
            raw = fh.read(SAMPLE_BYTES)
        decoder = codecs.getincrementaldecoder(self.encoding or "utf-8")("replace")
        return decoder.decode(raw, final=False)

    def _raw_rows(self) -> Iterator[Row]:
        try:
            self._raw = self.path.open("rb")
        except OSError as exc:
            from coop_desktop.exchange.reading import MSG_UNREADABLE

            raise CoopError(MSG_UNREADABLE, name=self.name,
                            reason=exc.strerror or type(exc).__name__) from exc
        stream = io.TextIOWrapper(self._raw, encoding=self.encoding, errors="strict",
                                  newline="")
        lines = _Lines(stream, self)
        reader = csv.reader(lines, delimiter=self.delimiter or ",")
        restore = tabular.restore_cell
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CoopError(MSG_CSV_BROKEN, row=self.row + 1, name=self.name,
                                reason=str(exc)) from None
            self.row += 1
            lines.record_chars = 0
            cells: list[Any] = [restore(c) if c[:1] == "'" else c for c in record]
            yield self.row, trim(cells)

    def position(self) -> tuple[int, int]:
        done = self._raw.tell() if self._raw is not None and not self._raw.closed else 0
        return min(done, self.size), self.size

    def close(self) -> None:
        super().close()
        if self._raw is not None:
            self._raw.close()
