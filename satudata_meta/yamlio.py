"""Reading the project's own YAML (the standard, code lists, message catalogs) quickly.

libyaml's C loader reads them several times faster than PyYAML's pure-Python one, and they
are read at every start of the command line; the pure-Python loader is the fallback when
PyYAML was built without libyaml. User files keep ``yaml.safe_load`` for its error marks.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(stream: IO[str] | str) -> Any:
    return yaml.load(stream, Loader=_LOADER)
