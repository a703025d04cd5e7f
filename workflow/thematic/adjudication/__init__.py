"""Adjudication: the sheet an adjudicator decides disputed units on, and reading their decisions
back.

The loop: a build writes ``results/adjudication/pending.csv`` and ``pending.xlsx`` (one row per
unit in dispute); the adjudicator fills in ``decision``, ``adjudicator`` and ``rationale`` and
saves the sheet, as it is, into ``resources/adjudication/``; the next build reads every CSV and
XLSX file there by its header (:mod:`.decisions`). Each pending row carries the unit's
fingerprint (the essay's text and every coder's verdict on the code): a decision whose unit has
changed since is stale, is not applied, and the unit returns to the pending sheet.

- :mod:`.decisions`: reading, checking and combining decision files; fingerprints; which
  decisions apply.
- :mod:`.sheet`: the pending sheet's rows, with each coder's quotes and their context.
- :mod:`.workbook`: the sheet as an XLSX workbook a person works in (openpyxl).

Not for merging coders or the consensus itself (see :mod:`thematic.merge`).
"""
