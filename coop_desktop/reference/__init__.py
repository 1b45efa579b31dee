"""Read-only reference data shipped with the application.

* :mod:`coop_desktop.reference.regions` — GB/T 2260 provinces and prefecture-level
  divisions (``resources/regions/gb2260.json``).
* :mod:`coop_desktop.reference.countries` — ISO 3166-1 alpha-2 countries with
  Chinese and English names from babel's CLDR data.

Data is loaded lazily on first use and cached; importing this package is cheap.
"""

from __future__ import annotations
