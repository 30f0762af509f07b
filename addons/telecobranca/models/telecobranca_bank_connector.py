# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bank API connectors: online registration of boletos (F8.4).

A connector is an AbstractModel inheriting ``telecobranca.bank.connector``
with its own ``_name`` and a ``_connector_code``; the bank account picks one by
code. Connectors implement ``_register_titles``, ``_fetch_status`` and
``_send_instructions`` (the instructions to the bank after registration).

A connector marked ``_connector_test_only`` (the offline fake bank) is offered
only where no real slip is issued: while tests run and on databases installed
with demo data. A production bank account can neither choose nor use it.
"""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.modules import module as odoo_module
from odoo.tools import config


class TelecobrancaBankConnector(models.AbstractModel):
    _name = "telecobranca.bank.connector"
    _description = "Bank API Connector"

    _connector_code = None
    _connector_label = None
    _connector_test_only = False

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
    def _test_connectors_allowed(self):
        """Test-only connectors are offered in tests and on demo databases."""
        if config["test_enable"] or odoo_module.current_test:
            return True
        module = (
            self.env["ir.module.module"]
            .sudo()
            .search([("name", "=", "telecobranca")], limit=1)
        )
        return bool(module.demo)

    @api.model
    def _is_connector_available(self, code):
        name = self._connector_models().get(code)
        if not name:
            return False
        return not self.env[name]._connector_test_only or (
            self._test_connectors_allowed()
        )

    @api.model
    def _connector_selection(self):
        models = self._connector_models()
        allow_test = self._test_connectors_allowed()
        return sorted(
            (code, self.env[name]._connector_label or code)
            for code, name in models.items()
            if allow_test or not self.env[name]._connector_test_only
        )

    @api.model
    def _get_connector(self, code):
        if not self._is_connector_available(code):
            raise UserError(
                self.env._("There is no bank connector %(code)s.", code=code or "-")
            )
        return self.env[self._connector_models()[code]]

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

    @api.model
    def _send_instructions(self, instructions):
        """Send ``instructions`` (telecobranca.bank.instruction: kind, title,
        new_due_date, rebate_amount, protest_days) to the bank.

        Returns {instruction: (state, message)} with state confirmed or
        rejected (the bank's reason in the message).
        """
        raise NotImplementedError()
