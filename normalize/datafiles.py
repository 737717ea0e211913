"""The package's YAML data files, parsed by libyaml when PyYAML has it (the PyYAML
wheels ship it): the pure-Python parser took a tenth of a second of every process's
start-up for the same tables."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=LOADER)


def read_yaml(package: str, name: str) -> Any:
    """data/NAME of a tongbao package ("tongbao.extract", "tongbao.normalize"), parsed."""
    return parse_yaml(resources.files(package).joinpath("data", name).read_text("utf-8"))
