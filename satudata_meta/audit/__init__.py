"""Catalogue audit: EU MQA metadata quality and Satu Data compliance of a whole catalogue.

``run.run(source, Options())`` reads a data.json feed, a CKAN portal or a folder of packages
and scores every dataset; ``report.document`` turns the result into the JSON document every
output format (``text``, ``csvout``, ``html``) renders, and ``report.compare`` diffs two of
them. The MQA point table and format lists are data, in ``standards/mqa/``.
"""
