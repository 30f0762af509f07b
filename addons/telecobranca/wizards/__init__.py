# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import telecobranca_wizard_mixin
from . import telecobranca_free_days_wizard
from . import telecobranca_timeline
from . import telecobranca_note_wizard
from . import telecobranca_case_open_wizard
from . import telecobranca_case_close_wizard
from . import telecobranca_case_reassign_wizard
from . import telecobranca_collection_email_wizard
from . import telecobranca_boleto_print
from . import telecobranca_cnab_export
from . import telecobranca_cnab_import
from . import telecobranca_writeoff
from . import telecobranca_renegotiation_proposal
from . import mail_compose_message
from . import telecobranca_dispute_wizard
from . import telecobranca_cadence_preview
from . import telecobranca_bank_instruction_wizard
