"""Maps the repository's stage folders into the one installed namespace, tongbao.

extract/ -> tongbao.extract, normalize/ -> tongbao.normalize, and so on: the
layout of the repository stays as its users designed it, while only `tongbao`
goes into site-packages. Everything else is declared in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

STAGES = ["extract", "normalize", "pipelines", "corpus", "expectations"]

packages = ["tongbao"]
package_dir = {"tongbao": "tongbao"}
for stage in STAGES:
    package_dir[f"tongbao.{stage}"] = stage
    # Data folders (extract/data, expectations/suites) are packages too; generated
    # samples are not shipped.
    packages += [f"tongbao.{stage}"] + [
        f"tongbao.{stage}.{p}" for p in find_namespace_packages(
            stage, exclude=["samples*", "truth*", "*__pycache__*"])]

setup(packages=packages, package_dir=package_dir)
