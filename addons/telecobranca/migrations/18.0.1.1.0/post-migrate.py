# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: the security model of this version reaches databases installed
before it.

- The record rules are ``noupdate`` (security/telecobranca_security.xml): an
  update creates the rules that are new but leaves the existing ones as they
  were. The file is reloaded here in *init* mode, which rewrites the name,
  model, groups and domain of every rule it defines (and recreates a rule
  that was deleted), while the rules stay ``noupdate`` for later updates.
- Collectors lose the Billing group (``account.group_account_invoice``) the
  Collection User group implied before: they read accounting documents
  (Accounting read-only) and change none. Who has Billing through another of
  his groups (collection supervisor, an accounting group) keeps it.
"""

from odoo import SUPERUSER_ID, Command, api
from odoo.tools.convert import convert_file


def migrate(cr, version):
    if not version:  # a new installation loads the files as they are
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    reload_record_rules(env)
    remove_billing_from_collectors(env)


def reload_record_rules(env):
    """Rewrite the addon's record rules from its security file."""
    convert_file(
        env,
        "telecobranca",
        "security/telecobranca_security.xml",
        {},
        mode="init",
        noupdate=True,
    )


def remove_billing_from_collectors(env):
    """Take Billing away from the collectors who had it from the old lattice
    only; give them Accounting read-only. Returns the users changed."""
    billing = env.ref("account.group_account_invoice")
    readonly = env.ref("account.group_account_readonly")
    collectors = (
        env.ref("telecobranca.group_telecobranca_user")
        .with_context(active_test=False)
        .users
    )
    billed = collectors.filtered(lambda user: billing in user.groups_id)
    # Billing implied by another of the user's groups stays
    keep = billed.filtered(
        lambda user: any(
            billing in group.trans_implied_ids for group in user.groups_id - billing
        )
    )
    changed = billed - keep
    changed.write(
        {"groups_id": [Command.unlink(billing.id), Command.link(readonly.id)]}
    )
    return changed
