# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import models
from . import tools
from . import wizards
from . import report
from .hooks import post_init_hook
