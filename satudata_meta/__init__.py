"""satudata-meta: the Satu Data Banten metadata standard, reference codes, validation and publishing."""

__version__ = "0.1.0"
