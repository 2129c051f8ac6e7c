"""The audit as CSV: one row per dataset, every indicator in its own column.

An indicator that was not checked (URL accessibility without ``--check-urls``) is an empty cell,
not 0, so a spreadsheet average over the column is not silently dragged down; the total still
counts it as 0, as MQA does.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from satudata_meta.audit import vocab
from satudata_meta.audit.model import NOT_CHECKED


def _num(value: float) -> str:
    return f"{value:g}"


def render(doc: dict[str, Any]) -> str:
    method = vocab.method()
    compared = {d["id"]: d for d in doc.get("comparison", {}).get("datasets", [])}
    added = set(doc.get("comparison", {}).get("added", []))
    header = ["id", "title", "publisher", "publisher_key", "source_ref", "mqa_total",
              "mqa_rating", *[f"dim_{d.id}" for d in method.dimensions],
              *[f"ind_{i.id}" for i in method.indicators],
              "compliance_score", "compliance_wajib", "compliance_kode",
              "compliance_standar_data", "failing_fields", "gaps"]
    if "comparison" in doc:
        header += ["mqa_change", "compliance_change"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for d in doc["datasets"]:
        dims = d["mqa"]["dimensions"]
        indicators = {k: v for dim in dims.values() for k, v in dim["indicators"].items()}
        comp = d["compliance"]
        row = [d["id"], d["title"] or "", d["publisher"] or "", d["publisher_key"], d["ref"],
               _num(d["mqa"]["total"]), d["mqa"]["rating"],
               *[_num(dims[dim.id]["points"]) for dim in method.dimensions],
               *["" if indicators[i.id]["status"] == NOT_CHECKED
                 else _num(indicators[i.id]["points"]) for i in method.indicators],
               _num(comp["score"]),
               *[_num(comp["components"][k]["points"]) for k in ("wajib", "kode",
                                                                   "standar_data")],
               "; ".join(sorted({f["field"] or "?" for f in comp["failing"]})),
               "; ".join(g["key"] for g in d["gaps"])]
        if "comparison" in doc:
            change = compared.get(d["id"])
            if change is not None:
                row += [_num(change["mqa"][2]), _num(change["compliance"][2])]
            else:  # unchanged, or new since the old run (no change to state)
                row += ["", ""] if d["id"] in added else ["0", "0"]
        writer.writerow(row)
    return buffer.getvalue()
