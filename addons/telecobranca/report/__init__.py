# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import telecobranca_boleto
from . import telecobranca_renegotiation_report
from . import telecobranca_statement
