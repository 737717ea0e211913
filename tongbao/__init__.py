"""tongbao: Chinese government transparency documents into clean, checked warehouse rows.

The repository keeps one folder per stage (extract/, normalize/, pipelines/,
corpus/, expectations/); installed, they are the subpackages of this one
namespace (tongbao.extract, tongbao.normalize, ...), so nothing else lands in
site-packages.
"""

from tongbao.extract.model import EXTRACTOR_VERSION as __version__

__all__ = ["__version__"]
