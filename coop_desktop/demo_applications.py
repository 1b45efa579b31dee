"""The former place of :mod:`coop_desktop.demo.applications`, kept for existing imports.

``coop_desktop.demo_applications`` IS that module (the same object in ``sys.modules``), so
an attribute set through either name — a test's ``demo_applications.APPLICATIONS = 0`` —
is the one the demo reads.
"""

import sys

from coop_desktop.demo import applications as _applications

sys.modules[__name__] = _applications
