"""For `scrapyd-deploy` (`python setup.py bdist_egg`): all metadata is in pyproject.toml."""

# Without this file scrapyd-deploy writes a setup.py of its own (a package named `project`).
from setuptools import setup

setup()
