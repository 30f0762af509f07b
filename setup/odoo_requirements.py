"""Print Odoo's requirements.txt with its environment markers resolved.

Odoo pins, per Python version, the releases of its dependencies found in the
Linux distributions it supports. On Python 3.11 some of those pins have no
wheel and must be compiled; the pins Odoo gives for Python 3.12 are newer,
ship wheels and work on 3.11 too. This script keeps, for each package, the
line Odoo meant for ``max(current Python, 3.12)``.

Usage: python3 odoo_requirements.py path/to/odoo/requirements.txt
"""

import platform
import sys

from packaging.requirements import Requirement


def resolve(lines):
    major, minor = max(sys.version_info[:2], (3, 12))
    environment = {
        "python_version": f"{major}.{minor}",
        "python_full_version": f"{major}.{minor}.0",
        "sys_platform": sys.platform,
        "platform_system": platform.system(),
    }
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(environment):
            requirement.marker = None
            yield str(requirement)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as requirements:
        print("\n".join(resolve(requirements)))
