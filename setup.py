"""Build hook: the one thing pyproject.toml cannot say is "the found packages, plus one mapped package".

The data files live in the top-level resources/ folder (one source of truth, next to the code).
pyproject.toml maps the package `desktop_app.resources` onto that folder and lists its package
data; this file adds `desktop_app.resources` to the discovered packages, so a wheel carries the
files as desktop_app/resources/ and `desktop_app.core.resources.resources_dir()` finds them there.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["desktop_app", "desktop_app.*"]), "desktop_app.resources"])
