"""tongbao: Chinese government transparency documents into clean, checked warehouse rows.

    import tongbao
    ex = tongbao.read("notice.pdf")            # one file's rows: ex.records.to_pandas()
    tongbao.extract(["notices/"], out="wh")    # a batch run into a warehouse
    wh = tongbao.open("wh")                    # the warehouse read-only, as DuckDB relations

The repository keeps one folder per stage (extract/, normalize/, pipelines/,
corpus/, expectations/); installed, they are the subpackages of this one
namespace (tongbao.extract, tongbao.normalize, ...), so nothing else lands in
site-packages. The API lives in pipelines/api.py and is imported on first use, so
`import tongbao` stays fast.
"""

import sys
import types

from tongbao.extract.version import EXTRACTOR_VERSION as __version__

__all__ = ["__version__", "read", "extract", "open"]


class _ExtractStage(types.ModuleType):
    """`tongbao.extract` is the extract stage's package (tongbao.extract.document, ...) and,
    called, the batch run the output contract names: tongbao.extract(paths, out=DIR)."""

    def __call__(self, paths, out, **kwargs):
        from tongbao.pipelines.api import extract

        return extract(paths, out, **kwargs)


sys.modules["tongbao.extract"].__class__ = _ExtractStage


def __getattr__(name: str):
    if name in ("read", "open"):
        from tongbao.pipelines import api

        return getattr(api, name)
    raise AttributeError(f"module 'tongbao' has no attribute {name!r}")
