# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_titles
from . import test_partner_section
from . import test_configuration
from . import test_security
from . import test_tour
