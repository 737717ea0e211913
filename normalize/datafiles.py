"""The package's YAML data files, parsed by libyaml when PyYAML has it (the PyYAML
wheels ship it): the pure-Python parser took a tenth of a second of every process's
start-up for the same tables. Parsed once, then loaded from the data cache
(datacache.py): a process that finds them there never imports PyYAML at all."""

from __future__ import annotations

from importlib import resources
from typing import Any

from tongbao.normalize.datacache import cached


def parse_yaml(text: str) -> Any:
    import yaml  # here, not at the top: most processes load the parsed data instead

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def data_bytes(package: str, name: str) -> bytes:
    """data/NAME of a tongbao package ("tongbao.extract", "tongbao.normalize")."""
    return resources.files(package).joinpath("data", name).read_bytes()


def read_yaml(package: str, name: str) -> Any:
    """data/NAME of a tongbao package, parsed."""
    raw = data_bytes(package, name)
    return cached(f"{package.rsplit('.', 1)[-1]}-{name}", [raw],
                  lambda: parse_yaml(raw.decode("utf-8")))
