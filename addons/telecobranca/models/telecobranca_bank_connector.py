# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bank API connectors: online registration of boletos (F8.4).

A connector is an AbstractModel inheriting ``telecobranca.bank.connector``
with its own ``_name`` and a ``_connector_code``; the bank account picks one by
code. Connectors implement ``_register_titles`` and ``_fetch_status``.
"""

from odoo import api, models
from odoo.exceptions import UserError


class TelecobrancaBankConnector(models.AbstractModel):
    _name = "telecobranca.bank.connector"
    _description = "Bank API Connector"

    _connector_code = None
    _connector_label = None

    # ------------------------------------------------------------------
    # Registry
    # ------------------------------------------------------------------
    @api.model
    def _connector_models(self):
        """Connector implementations by code: {code: model name}."""
        return {
            model._connector_code: name
            for name, model in self.env.registry.items()
            if name.startswith("telecobranca.bank.connector.")
            and getattr(model, "_connector_code", None)
        }

    @api.model
    def _connector_selection(self):
        return sorted(
            (code, self.env[name]._connector_label or code)
            for code, name in self._connector_models().items()
        )

    @api.model
    def _get_connector(self, code):
        name = self._connector_models().get(code)
        if not name:
            raise UserError(
                self.env._("There is no bank connector %(code)s.", code=code or "-")
            )
        return self.env[name]

    # ------------------------------------------------------------------
    # Interface
    # ------------------------------------------------------------------
    @api.model
    def _register_titles(self, titles):
        """Register the boletos of ``titles`` at the bank.

        Returns {title: (status, bank reference, message)} with status one of
        registered, rejected or sent (accepted, registration pending).
        """
        raise NotImplementedError()

    @api.model
    def _fetch_status(self, titles):
        """Current bank status of ``titles``: {title: (status, message)}."""
        raise NotImplementedError()
