"""The hand-out package students install: ``cae_tf/handout`` under a ``cae_tf`` of its own, so the
notebook's imports are the same in the students' environment and the staff's.

A leaf: the release writes it into the hand-out, the grader once per batch as the students'
environment of every submission's kernel.
"""
import os
import re
import shutil

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
PROJECT_ROOT = os.path.dirname(PACKAGE_DIR)
HANDOUT_DIR = os.path.join(PACKAGE_DIR, 'handout')
# The package's own __init__ (it holds ``from cae_tf import input_data``, the README's drop-in).
PACKAGE_INIT = os.path.join(PACKAGE_DIR, '__init__.py')
STUDENT_PYPROJECT = '''[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "cae_tf_handout"
version = "%s"
description = "Hand-out of the CAE homework (POSTECH HW06): MNIST, tf.compat.v1 switch, helpers, public checks"
requires-python = ">=3.10"
dependencies = [%s]

[project.optional-dependencies]
lab = ["jupyterlab>=4"]

[tool.setuptools.packages.find]
include = ["cae_tf*"]

[tool.setuptools.package-data]
"cae_tf.handout" = ["data/mnist/*.gz", "data/mnist/MANIFEST.json", "data/*.npz"]

# JupyterLab's settings for the students' environment: no "official Jupyter news?" pop-up over
# the notebook they open, no update check.
[tool.setuptools.data-files]
"share/jupyter/lab/settings" = ["cae_tf/handout/jupyterlab/overrides.json"]
'''
# What the hand-out needs of the project's dependencies (no nbclient, no nbformat).
STUDENT_DEPENDENCIES = ('tensorflow', 'numpy', 'matplotlib', 'ipykernel')


def write_student_package(dest, version='0.1.0', dependencies=()):
    """Write the installable hand-out package into ``dest``; return ``dest``.

    ``dest`` gets ``pyproject.toml`` and ``cae_tf/`` holding only ``cae_tf/handout``: nothing of
    the solution, the grader or the evaluation.
    """
    package = os.path.join(dest, 'cae_tf')
    if os.path.exists(package):
        shutil.rmtree(package)
    shutil.copytree(HANDOUT_DIR, os.path.join(package, 'handout'),
                    ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
    shutil.copyfile(PACKAGE_INIT, os.path.join(package, '__init__.py'))
    with open(os.path.join(dest, 'pyproject.toml'), 'w') as f:
        f.write(STUDENT_PYPROJECT % (version, ', '.join('"%s"' % d for d in dependencies)))
    return dest


def student_dependencies(pyproject=os.path.join(PROJECT_ROOT, 'pyproject.toml')):
    """The project's pinned requirements of the packages the hand-out needs, read from the
    ``dependencies`` list of ``pyproject`` (without ``tomllib``: the project runs on 3.10)."""
    with open(pyproject, encoding='utf-8') as f:
        text = f.read()
    block = re.search(r'^dependencies\s*=\s*\[(.*?)^\]', text, re.MULTILINE | re.DOTALL)
    if block is None:
        raise ValueError('%s: no dependencies list' % pyproject)
    requirements = re.findall(r'^\s*"([^"]+)"', block.group(1), re.MULTILINE)
    return [r for r in requirements if re.split(r'[<>=!~ \[;]', r)[0] in STUDENT_DEPENDENCIES]
