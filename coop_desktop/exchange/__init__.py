"""Exchange: enterprises in and out of Coop Desktop as spreadsheets and CSV files.

The core of issue 10 (no Qt here). Each side has its own modules:

**Import** (``import``: files from districts, chambers and zones into the database)

* :mod:`~coop_desktop.exchange.reading` — ``open_table(path, options)`` and ``preview(...)``:
  one streaming interface over ``.csv`` (:mod:`.read_csv`), ``.xlsx`` (:mod:`.read_xlsx`)
  and ``.xls`` (:mod:`.read_xls`), with the file limits.
* :mod:`~coop_desktop.exchange.fields` — what a column can be imported into (the targets,
  their labels and header synonyms); :mod:`~coop_desktop.exchange.mapping` — the
  column → target mapping (automatic from the headers, editable, saved as JSON,
  remembered per header set); :mod:`~coop_desktop.exchange.cells` and
  :mod:`~coop_desktop.exchange.places` — turning cells into values (money units, dates,
  countries; provinces, cities, zones); :mod:`~coop_desktop.exchange.rows` — a row through
  the mapping.
* :mod:`~coop_desktop.exchange.importer` — ``plan_iter``/``plan`` (dry run) and
  ``apply_iter``/``apply`` (backup, then one transaction, one audit ``op_id`` = the batch
  id; written by :mod:`~coop_desktop.exchange.import_write`, derived columns by
  :mod:`~coop_desktop.exchange.derived`); :mod:`~coop_desktop.exchange.report` — what they
  return; :mod:`~coop_desktop.exchange.undo` — ``undo_iter``/``undo`` of a whole batch and
  ``batches`` (the imports that can be undone). Command line: ``coop_desktop.cli_import``.

**Export** (lists to ``.xlsx``/``.csv``): ``export*`` modules. **Dossier packages**
(``.coopdossier``): ``package*`` modules.

Nothing is imported here, so that ``import coop_desktop.exchange.reading`` stays cheap.
"""
