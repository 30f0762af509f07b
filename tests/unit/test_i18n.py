# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Completeness of the Brazilian Portuguese translation of the addon.

``pt_BR.po`` must translate every term of ``telecobranca.pot`` (the template
exported by Odoo), with no empty nor fuzzy entry, and keep the placeholders of
each term: a ``%(name)s`` or ``%s`` lost or renamed in a translation breaks the
message (or raises) when Odoo formats it.
"""

import re
from collections import Counter
from pathlib import Path

import polib
import pytest

I18N = (
    Path(__file__).resolve().parent / ".." / ".." / "addons" / "telecobranca" / "i18n"
)
POT = I18N / "telecobranca.pot"
PO = I18N / "pt_BR.po"

# A term written the same in Portuguese (a bank name, a label of the boleto
# slip) has an empty msgstr, as OCA's po formatter wants, and says so in a
# translator comment; any other empty msgstr is a missing translation.
SAME_IN_PORTUGUESE = "same in pt_BR"

PLACEHOLDER = re.compile(r"%\([^)]*\)s|%s|%d")


def _placeholders(text):
    return Counter(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def pot():
    return polib.pofile(str(POT))


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(PO))


def test_template_is_not_empty(pot):
    assert len(pot) > 0


def test_every_term_of_the_template_is_in_the_translation(pot, po):
    translated = {entry.msgid for entry in po if not entry.obsolete}
    missing = [entry.msgid for entry in pot if entry.msgid not in translated]
    assert not missing, f"terms missing from pt_BR.po: {missing}"


def test_no_untranslated_entry(po):
    untranslated = [
        entry.msgid
        for entry in po.untranslated_entries()
        if SAME_IN_PORTUGUESE not in (entry.tcomment or "")
    ]
    assert not untranslated, f"untranslated terms: {untranslated}"


def test_no_fuzzy_entry(po):
    fuzzy = [entry.msgid for entry in po if "fuzzy" in entry.flags]
    assert not fuzzy, f"fuzzy terms: {fuzzy}"


def test_placeholders_are_kept(po):
    wrong = [
        (entry.msgid, entry.msgstr)
        for entry in po.translated_entries()
        if _placeholders(entry.msgid) != _placeholders(entry.msgstr)
    ]
    assert not wrong, f"placeholders differ: {wrong}"


def test_placeholder_pattern():
    assert _placeholders("%(names)s and %s, %d, %(name)s, 100%") == Counter(
        {"%(names)s": 1, "%s": 1, "%d": 1, "%(name)s": 1}
    )
