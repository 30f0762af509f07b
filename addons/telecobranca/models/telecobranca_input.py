# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks of raw input at the boundaries (create/write of RPC callers).

Odoo turns a date string it cannot parse into a bare ``ValueError`` (or, for
an impossible day written straight to the database, a psycopg2 error); the
addon's entry points call :func:`check_date_values` first so the caller reads
which field is wrong, in its language.
"""

from odoo import fields
from odoo.exceptions import ValidationError


def check_date_values(model, vals_list, names=None):
    """Raise a clear ``ValidationError`` for an unreadable date in ``vals_list``.

    :param model: the model (recordset) the values are for
    :param vals_list: a list of dicts of values (create/write)
    :param names: the date field names to check; every ``Date`` field of
        ``model`` when ``None``
    """
    if names is None:
        names = [name for name, field in model._fields.items() if field.type == "date"]
    for vals in vals_list:
        for name in names:
            value = vals.get(name)
            if not value:
                continue
            try:
                fields.Date.to_date(value)
            except (TypeError, ValueError):
                field = model._fields[name]
                raise ValidationError(
                    model.env._(
                        "%(value)s is not a valid date for %(field)s: write it "
                        "as YYYY-MM-DD.",
                        value=value,
                        field=field._description_string(model.env),
                    )
                ) from None
