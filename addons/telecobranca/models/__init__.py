# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import telecobranca_title_status
from . import telecobranca_payment_form
from . import telecobranca_case_type
from . import telecobranca_contact_type
from . import telecobranca_responsibility_center
from . import res_company
from . import res_config_settings
from . import res_partner
from . import account_move
from . import account_move_line
from . import telecobranca_demo
