"""Realistic synthetic data for demonstrations, screenshots and benchmarks.

``generate(db, enterprises=500, seed=1)`` fills a database with Chinese SMEs (bilingual
names, valid USCCs, regions weighted toward the coastal manufacturing provinces, size
figures, R&D, export markets…), their SRDI titles with what happened to them since
(re-reviews, yearly updates, one revocation), their yearly figures (``enterprise_year``:
what the SRDI assessment reads, so that assessing the demo gives a believable mix of pass,
fail and cannot tell), contacts, interactions and links to the cooperation zones that
``open_database`` has already seeded, and up to 30 zone applications in every workflow
state (:mod:`coop_desktop.demo.applications`).
``generate_iter`` is the same work as a generator of ``(done, total)`` progress pairs
for a progress bar; its return value (``StopIteration.value``) is the :class:`DemoReport`.

Rules the data keeps:

* **Deterministic.** Everything comes from ``random.Random(seed)`` (the SRDI side from a
  second generator seeded from the same seed): the same seed on an empty database gives
  identical rows (ids included). Only bookkeeping differs between runs:
  ``created_at``/``updated_at`` (``utcnow()``, the time of the run) and the audit
  ``op_id``. On a database that already holds rows the output also depends on those rows,
  because USCCs and Chinese names that are already taken are skipped and drawn again —
  so the demo can be run twice (with any seeds) without collisions.
* **Valid.** Every row would pass the services' checks: GB 32100 USCCs whose region
  digits are the city's GB/T 2260 code and whose check characters are right (no
  plausibility warning either), ISO 3166 country codes, percentages with two places, R&D
  staff ≤ employees, dates in range, titles on the ladder, yearly figures that
  ``services.srdi_years`` accepts.
* **Derived columns equal** :func:`coop_desktop.services.enterprise_checks.derive`
  (``tests/services/test_demo.py`` compares every row of a 2,000-row run with it).
  ``derive`` costs ~200 µs a row, nearly all in pypinyin, so the same values are built
  from caches: ``size_class`` is ``rules.size_class`` memoised on the figures' position
  among the thresholds; ``name_pinyin``/``search_tokens`` use pypinyin's own word
  segmentation of each name with cached readings per word (see
  :func:`coop_desktop.demo.names.name_reading`)
  and ``text.search_tokens`` on the parts shared between rows (city, tags).
* **Audit.** Demo data writes ONE audit row per created record — enterprise, title, title
  event, yearly figures, contact, interaction, zone link, application — (``action="create"``,
  ``field=None``, actor ``db.actor``, one ``op_id`` for the whole run) instead of one row
  per field as the services do: the history of a demo record says "created by … at …" without
  multiplying the audit table by forty.

Speed (150,000 enterprises with ~730,000 related records, 330,000 of them yearly figures;
timings in ``bench/README.md``): rows go in with bulk
``executemany`` inserts, 1,000 enterprises per chunk, all in ONE transaction. On SQLite:

* the full-text indexes are filled by one ``INSERT … SELECT`` per chunk instead of the
  per-row ``AFTER INSERT`` trigger, which is dropped for the run and re-created from its
  own stored SQL inside the same transaction. SQLite (3.40 here) flushes FTS5's pending
  index data at every statement savepoint, and a trigger body opens one per row: per-row
  indexing was ~45 s of a 150k run, in bulk it is ~15 s of CPU;
* that indexing and the audit rows (also ``INSERT … SELECT``) run on a helper thread —
  long C calls that release the GIL — while the main thread draws the next chunk;
* the connection's page cache is raised to :data:`CACHE_KIB` for the run and restored.

Cancelling (``close()`` on the generator, or any error) rolls the whole run back,
trigger included.

The package, by responsibility (each module's docstring says more):

* :mod:`~coop_desktop.demo.run` — the run: :func:`generate_iter`, :func:`generate`,
  :func:`has_user_records`, :class:`DemoReport`, :data:`CHUNK`;
* :mod:`~coop_desktop.demo.enterprises` — one enterprise and its related records, in draw
  order (:class:`~coop_desktop.demo.enterprises.Generator`);
* :mod:`~coop_desktop.demo.names` — company and people's names, pinyin and search tokens;
  :mod:`~coop_desktop.demo.places` — regions, addresses, countries;
  :mod:`~coop_desktop.demo.industries` — lines of business, economics, size class;
* :mod:`~coop_desktop.demo.titles` — SRDI titles (valid tier/level, on the ladder);
  :mod:`~coop_desktop.demo.events` — their life since (re-review, yearly update, major
  change, revocation) and so their status; :mod:`~coop_desktop.demo.years` — the yearly
  figures;
* :mod:`~coop_desktop.demo.contacts` — contacts and interactions;
  :mod:`~coop_desktop.demo.links` — zone links;
* :mod:`~coop_desktop.demo.applications` — the applications (also importable as
  ``coop_desktop.demo_applications``, the same module object);
* :mod:`~coop_desktop.demo.store` — the bulk writer (:data:`CACHE_KIB`);
  :mod:`~coop_desktop.demo.common` — the draws and the fixed :data:`REFERENCE_DATE`.
"""

from __future__ import annotations

from coop_desktop.demo.common import REFERENCE_DATE, Weighted
from coop_desktop.demo.names import name_reading as _name_reading
from coop_desktop.demo.run import CHUNK, DemoReport, generate, generate_iter, has_user_records
from coop_desktop.demo.store import CACHE_KIB

__all__ = ["CACHE_KIB", "CHUNK", "REFERENCE_DATE", "DemoReport", "Weighted", "_name_reading",
           "generate", "generate_iter", "has_user_records"]
