# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A CNAB return file, whatever its layout: 240 or 400, told by its header.

A CNAB 400 file header starts with ``0`` and says ``2RETORNO`` (or
``1REMESSA``) in positions 2-9; a CNAB 240 file header has the bank code in
1-3, batch ``0000`` and record type ``0`` in position 8.  The bank is then
read from the header (positions 77-79 in CNAB 400, 1-3 in CNAB 240) by the
layout's own module, :mod:`cnab240` or :mod:`cnab400`.

Only the standard library is used; the module knows nothing of Odoo.
"""

import re

from . import cnab240, cnab400

LAYOUTS = (240, 400)


def detect_layout(content: bytes) -> int:
    """240 or 400: the CNAB layout of ``content``, from its first line.

    :raises ValueError: when the first line is the header of neither.
    """
    text = content.decode("latin-1") if isinstance(content, bytes) else content
    text = text.lstrip("\r\n").rstrip(cnab240.EOF_CHAR + "\r\n")
    if not text.strip():
        raise ValueError("The file is empty.")
    first = re.split(r"\r\n|\n|\r", text, maxsplit=1)[0]
    if first[1:9] in ("2RETORNO", "1REMESSA"):
        return 400
    if first[:3].isdigit() and first[3:7] == "0000" and first[7:8] == "0":
        return 240
    raise ValueError(
        "This is not a CNAB 240 or CNAB 400 file: line 1 is the header of "
        f"neither ({first[:20]!r}...)."
    )


def _module(content: bytes):
    return cnab400 if detect_layout(content) == 400 else cnab240


def parse_header(content: bytes) -> cnab240.FileHeader:
    """The file header of a CNAB 240 or 400 return (``layout_version`` is
    ``"400"`` for CNAB 400).

    :raises ValueError: naming the line, as the layout's ``parse_header``.
    """
    return _module(content).parse_header(content)


def parse_return(content: bytes) -> list:
    """The title occurrences of a CNAB 240 or 400 collection return.

    The layout and the bank are recognised from the file header; the records
    are :class:`cnab240.ReturnRecord` either way (``layout`` says which).
    Files are read as they arrive: trimmed trailing blanks, CRLF or LF, a
    final EOF byte, a last line without a line end, latin-1 text.

    :raises ValueError: naming the line, for a structurally wrong file.
    """
    return _module(content).parse_return(content)
