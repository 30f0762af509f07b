# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Clear errors for the wizards created without a required value.

The web client never saves a wizard with an empty required field; a caller of
the external API (JSON-RPC, XML-RPC) can. Without this check the database
refuses the row (``NotNullViolation``) and the caller reads a PostgreSQL
message. The wizards inherit this mixin to get a ``ValidationError`` naming
the missing fields in the user's language instead.
"""

from odoo import api, models
from odoo.exceptions import ValidationError

# Fields whose empty value the database accepts (False, 0).
NOT_CHECKED_TYPES = ("boolean", "integer", "float", "monetary")
X2MANY_TYPES = ("one2many", "many2many")


class TelecobrancaWizardMixin(models.AbstractModel):
    _name = "telecobranca.wizard.mixin"
    _description = "Telecobrança Wizard Checks"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_required_values(self._add_missing_default_values(vals))
        return super().create(vals_list)

    def write(self, vals):
        emptied = [
            name
            for name in self._get_required_field_names()
            if name in vals
            and self._fields[name].type not in X2MANY_TYPES
            and not vals[name]
        ]
        self._raise_missing(emptied)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _get_required_field_names(self):
        """The stored required fields the database would refuse empty."""
        return [
            name
            for name, field in self._fields.items()
            if field.required
            and field.store
            and not field.related
            and field.type not in NOT_CHECKED_TYPES
        ]

    @api.model
    def _check_required_values(self, vals):
        """Raise a ``ValidationError`` naming the required fields ``vals``
        (defaults included) leaves empty; computed ones are computed first."""
        record = None
        missing = []
        for name in self._get_required_field_names():
            field = self._fields[name]
            if name in vals and field.type not in X2MANY_TYPES:
                value = vals[name]
            elif field.compute or field.type in X2MANY_TYPES:
                record = record if record is not None else self.new(vals)
                value = record[name]
            else:
                value = False
            if not value:
                missing.append(name)
        self._raise_missing(missing)

    @api.model
    def _raise_missing(self, names):
        if not names:
            return
        labels = ", ".join(
            self._fields[name]._description_string(self.env) for name in names
        )
        raise ValidationError(
            self.env._(
                "%(wizard)s: fill in the required fields: %(fields)s.",
                wizard=self.env["ir.model"].sudo()._get(self._name).name
                or self._description,
                fields=labels,
            )
        )
