"""Excel first: the dataset workbook an officer fills in, and XLSX files read safely.

* ``package``: an XLSX file checked against size limits (zip bombs, huge grids) before any
  library opens it, and the layout of its sheets (merged cells, hidden rows);
* ``cells``: a sheet's values, read with calamine (fast) or openpyxl (fallback), alike;
* ``layout``, ``template``, ``workbook``: the dataset workbook made by ``satudata template``
  (metadata sheet + data sheet), generated from the standard, and read back as a dataset;
* ``fix``: safe automatic fixes into a new file (``satudata fix``).

Agencies' own tables are read by ``satudata_meta.tabular.xlsx`` on top of these; the
annotated report is ``satudata_meta.report.xlsx``.
"""
