"""The package's YAML data files, parsed by libyaml when PyYAML has it (the PyYAML
wheels ship it): the pure-Python parser took a tenth of a second of every process's
start-up for the same tables. Parsed once, then loaded from the data cache
(datacache.py): a process that finds them there never imports PyYAML at all."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tongbao.normalize.datacache import cached


def parse_yaml(text: str) -> Any:
    import yaml  # here, not at the top: most processes load the parsed data instead

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def data_bytes(package: str, name: str, folder: str = "data") -> bytes:
    """FOLDER/NAME of a tongbao package ("tongbao.extract", "tongbao.normalize"), read
    beside the package's modules, where a wheel or an editable install puts it; through
    importlib.resources only where it is not there (a zipped package): importing that
    was a thirtieth of a second of every process's start-up."""
    module = sys.modules.get(package)
    if module is None:
        import importlib

        module = importlib.import_module(package)
    here = getattr(module, "__file__", None)
    if here:
        try:
            return (Path(here).parent / folder / name).read_bytes()
        except (FileNotFoundError, NotADirectoryError):  # not there; a zip is no folder
            pass
    from importlib import resources

    return resources.files(package).joinpath(folder, name).read_bytes()


def read_yaml(package: str, name: str) -> Any:
    """data/NAME of a tongbao package, parsed."""
    raw = data_bytes(package, name)
    return cached(f"{package.rsplit('.', 1)[-1]}-{name}", [raw],
                  lambda: parse_yaml(raw.decode("utf-8")))
