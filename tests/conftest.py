"""Make ``odoo.addons.telecobranca.tools`` importable for the plain unit tests.

The pure modules live inside the addon, under ``tools/``, and import nothing of
Odoo. The addon package is registered here without running its ``__init__``
(which loads the models), so these tests need neither a database nor Odoo.
"""

import importlib.util
import sys
import types
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "addons" / "telecobranca"


def _install_tools_package():
    if "odoo.addons.telecobranca.tools" in sys.modules:
        return
    try:  # the real namespace when Odoo is installed, a bare one otherwise
        import odoo.addons  # noqa: F401
    except ImportError:
        pass
    for name, path in (
        ("odoo", None),
        ("odoo.addons", None),
        ("odoo.addons.telecobranca", ADDON),
    ):
        if name not in sys.modules:
            module = types.ModuleType(name)
            module.__path__ = [str(path)] if path else []
            sys.modules[name] = module
    spec = importlib.util.spec_from_file_location(
        "odoo.addons.telecobranca.tools",
        ADDON / "tools" / "__init__.py",
        submodule_search_locations=[str(ADDON / "tools")],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)


_install_tools_package()
