"""Generating the student template from the solution notebook (nbgrader's convention).

In code cells, the lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` become the seed's
``# your code here`` and ``raise NotImplementedError()``, at the region's indentation. In markdown
cells, the text between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` becomes
``_Your answer here._``. Outputs and execution counts are cleared.
"""
import os
import re
import shutil

import nbformat

CODE_REGION = re.compile(r'^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION[ \t]*$',
                         re.MULTILINE | re.DOTALL)
MARKDOWN_REGION = re.compile(r'<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->', re.DOTALL)


class TemplateError(ValueError):
    """A solution region is unbalanced."""


def _check_balanced(source, begin, end, index):
    if source.count(begin) != source.count(end):
        raise TemplateError('cell %d: %d %r but %d %r'
                            % (index, source.count(begin), begin, source.count(end), end))


def strip_solutions(nb):
    """Return a copy of ``nb`` with every solution region blanked and no outputs."""
    student = nbformat.from_dict(nb)
    for index, cell in enumerate(student.cells):
        if cell.cell_type == 'code':
            _check_balanced(cell.source, '### BEGIN SOLUTION', '### END SOLUTION', index)
            cell.source = CODE_REGION.sub(
                lambda m: '%s# your code here\n%sraise NotImplementedError()'
                % (m.group(1), m.group(1)), cell.source)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == 'markdown':
            _check_balanced(cell.source, '<!-- BEGIN SOLUTION -->', '<!-- END SOLUTION -->', index)
            cell.source = MARKDOWN_REGION.sub('_Your answer here._', cell.source)
    return student


def write_template(solution_path, student_path):
    """Generate the student notebook at ``student_path`` from ``solution_path``."""
    nb = nbformat.read(solution_path, as_version=4)
    nbformat.write(strip_solutions(nb), student_path)
    return student_path


# The hand-out package: what students install. It is ``cae_tf.handout`` under a ``cae_tf`` of its
# own, so the notebook's imports are the same in the students' environment and the staff's.
HANDOUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'handout')
STUDENT_INIT = '"""The CAE homework\'s hand-out: ``cae_tf.handout`` (MNIST, the TF1 switch, helpers, checks)."""\n'
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
    with open(os.path.join(package, '__init__.py'), 'w') as f:
        f.write(STUDENT_INIT)
    with open(os.path.join(dest, 'pyproject.toml'), 'w') as f:
        f.write(STUDENT_PYPROJECT % (version, ', '.join('"%s"' % d for d in dependencies)))
    return dest
