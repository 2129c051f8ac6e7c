"""Reading data tables as agencies produce them: CSV in any common encoding and delimiter,
Indonesian number formats, XLSX from Excel, trailing blank rows and columns.

The reader never raises on bad input except ``ReadError``, which carries a fatal finding (an
empty or binary file, a broken XLSX, a line too long to be a table). Everything it had to
interpret (the encoding, the delimiter, the number format, trimmed blanks) comes back as
findings beside the table, so the validation layers can report it once.
"""

from satudata_meta.tabular.read import ReadError, Table, read_table

__all__ = ["ReadError", "Table", "read_table"]
