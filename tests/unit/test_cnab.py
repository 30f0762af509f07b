# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One entry point for returns: the layout (240/400) and the bank told by the
file header, every public sample of tests/data/cnab read through it."""

from pathlib import Path

import pytest

from odoo.addons.telecobranca.tools import cnab, cnab240, cnab400

DATA = Path(__file__).resolve().parent.parent / "data" / "cnab"
RETURNS = sorted(
    path.name for path in DATA.iterdir() if path.suffix.lower() in (".ret", ".crt")
)


def test_all_public_return_samples_are_here():
    # 6 CNAB 240 returns, 7 CNAB 400 returns
    assert sum("240" in name for name in RETURNS) == 6
    assert sum("400" in name for name in RETURNS) == 7


@pytest.mark.parametrize("name", RETURNS)
def test_every_return_sample_is_read_by_its_layout(name):
    content = (DATA / name).read_bytes()
    layout = 400 if "400" in name else 240
    assert cnab.detect_layout(content) == layout
    module = cnab400 if layout == 400 else cnab240
    records = cnab.parse_return(content)
    assert records == module.parse_return(content)
    assert records and {record.layout for record in records} == {layout}
    assert all(record.kind for record in records)
    if name != "brcobranca__CNAB240SICOOB.RET":  # its header lost 17 blanks
        header = cnab.parse_header(content)
        assert header.bank == records[0].bank
        assert header.layout_version == "400" or layout == 240


@pytest.mark.parametrize(
    "name",
    [
        "brcobranca__remessa-itau-cnab400.rem",
        "brcobranca__remessa-bradesco-cnab400.rem",
        "brcobranca__remessa-sicredi-cnab240.rem",
    ],
)
def test_remittances_are_recognised_and_refused(name):
    content = (DATA / name).read_bytes()
    assert cnab.detect_layout(content) == (400 if "400" in name else 240)
    with pytest.raises(ValueError, match="line 1: this is a remittance file"):
        cnab.parse_return(content)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"\r\n\x1a", "The file is empty"),
        (b"hello world\r\n", "not a CNAB 240 or CNAB 400 file"),
        (b"%PDF-1.4 binary", "not a CNAB 240 or CNAB 400 file"),
    ],
)
def test_other_files_are_refused(content, message):
    with pytest.raises(ValueError, match=message):
        cnab.parse_return(content)
