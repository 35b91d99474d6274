"""The release step: the student template generated from the solution notebook (nbgrader's
convention), the hand-out package, and ``python -m cae_tf release --out DIR``.

In code cells, the lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` become the seed's
``# your code here`` and ``raise NotImplementedError()``, at the region's indentation. In markdown
cells, the text between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` becomes
``_Your answer here._``. Outputs and execution counts are cleared.
"""
import glob
import os
import re
import shutil

import nbformat
import numpy as np

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
# The package's own __init__ (it holds ``from cae_tf import input_data``, the README's drop-in).
PACKAGE_INIT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '__init__.py')
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


def public_expected():
    """Return the public checks' expected values: the reference model on the public inputs,
    the data's fingerprints and the problem's settings (written as data, never as code)."""
    from cae_tf.grading import reference
    from cae_tf.handout import checks as public
    from cae_tf.solution import settings
    shapes = settings.layer_shapes()
    given = public.public_inputs(shapes)
    mnist = _quiet_mnist()
    expected = {'1.counts': np.array([mnist.train.num_examples, mnist.test.num_examples])}
    for name, array in (('train_imgs', mnist.train.images), ('train_labels', mnist.train.labels),
                        ('test_imgs', mnist.test.images), ('test_labels', mnist.test.labels)):
        (expected['1.%s.shape' % name], expected['1.%s.sum' % name],
         expected['1.%s.rows' % name]) = public.data_fingerprint(array)
    expected.update({'2.' + k: np.array(v) for k, v in settings.SIZES.items()})
    expected['3.keys'] = np.array(sorted(shapes))
    expected.update({'3.shape.' + k: np.array(v) for k, v in shapes.items()})
    expected['3.encoder'] = reference.encoder(given['X'], given['W'], given['B'], given['Y'])
    expected['3.decoder'] = reference.decoder(given['Z'], given['W'], given['B'], given['Y'])
    expected['3.batch_norm_flat'] = reference.batch_norm(given['BN'])
    reconst = reference.decoder(expected['3.encoder'], given['W'], given['B'], given['Y'])
    expected['4.loss'] = np.mean((given['X'] - reconst) ** 2)
    expected['4.LR'] = np.array(settings.LR)
    return expected


def _quiet_mnist():
    import contextlib
    import io
    from cae_tf.handout import input_data
    with contextlib.redirect_stdout(io.StringIO()):
        return input_data.read_data_sets(input_data.PACKAGED_DIR, one_hot=True)


def write_public_expected(path=None):
    """Write :func:`public_expected` to the hand-out's ``data/public.npz`` (or ``path``)."""
    from cae_tf.handout import checks as public
    path = path or public.PUBLIC_DATA
    np.savez_compressed(path, **public_expected())
    return path


# --- The release: what goes to students, what stays with staff (nbgrader's release step). ---
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLUTION_MODULES = ('solution/*.py', 'grading/reference.py')  # the answers, the numpy model
STUDENT_README = '''# CAE homework (Deep Learning for Mechanical Engineering, HW06)

Set up once (Python 3.10-3.12; TensorFlow and Jupyter come from PyPI):

```bash
python3 -m venv .venv
.venv/bin/pip install './cae_tf_handout[lab]'
```

Open the homework:

```bash
.venv/bin/jupyter lab cae_student.ipynb
```

Write your code where a cell says `# your code here` (delete the `raise NotImplementedError()`
below it). After each part, `check(N, globals())` tells you what is still wrong with part N.
Hand in `cae_student.ipynb`, renamed as your course asks (e.g. `NAME_ID_HW06.ipynb`).
'''
STAFF_README = '''# CAE homework: staff copy

- `cae_solution.ipynb`: the answer key (the student notebook is generated from it).
- Grade a class from your clone of the cae_tf repository, where the grader and its hidden checks
  live (set up with `make test` or `make homework` there):

```bash
.venv/bin/python -m cae_tf grade hand-ins/*.ipynb --out grades --jobs 2
```

`grades/grades.csv` has one row per submission and `grades/feedback/` what each check found.

`gradescope_autograder.zip` is the same grader for Gradescope (upload it as the assignment's
autograder; one test per check, total = the CSV's total).
Submissions run in the students' environment: an import of staff code (`cae_tf.solution`, ...)
fails there and earns nothing.
'''


def _code_lines(source):
    """Return the stripped code lines of Python ``source``'s function bodies, docstrings out."""
    import ast
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for stmt in node.body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                    continue
                lines += ast.get_source_segment(source, stmt).splitlines()
    return lines


def solution_lines(solution_path):
    """Return the lines that give answers away: the solution notebook's regions (code and
    discussion) and the code of the solution and reference modules, each at least 16 chars,
    but for lines of the code handed out on purpose."""
    nb = nbformat.read(solution_path, as_version=4)
    # Handed out on purpose: the template's given code, and the plotting code the seed gave in
    # parts (5), (9) and (10) (its scatter of latent codes among it), now in handout/figures.py.
    given = {line.strip() for cell in strip_solutions(nb).cells
             for line in cell.source.splitlines()}
    given.update(line.strip() for line in _code_lines(
        open(os.path.join(HANDOUT_DIR, 'figures.py'), encoding='utf-8').read()))
    lines = []
    for cell in nb.cells:
        region = CODE_REGION if cell.cell_type == 'code' else MARKDOWN_REGION
        for match in region.finditer(cell.source):
            lines += match.group(0).replace('<!--', '\n').replace('-->', '\n').splitlines()
    for pattern in SOLUTION_MODULES:
        for path in sorted(glob.glob(os.path.join(ROOT, 'cae_tf', pattern))):
            lines += _code_lines(open(path, encoding='utf-8').read())
    found = {line.strip() for line in lines}
    return sorted(line for line in found - given if len(line) >= 16
                  and not line.startswith('#') and 'SOLUTION' not in line)


def find_leaks(folder, lines):
    """Return ``[(file, line)]`` for every solution line found in a text file under ``folder``."""
    leaks = []
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            try:
                text = open(path, encoding='utf-8').read()
            except (UnicodeDecodeError, OSError):
                continue  # binary data (MNIST, npz): no code in it
            if path.endswith('.ipynb'):
                text = '\n'.join(c.source for c in nbformat.reads(text, as_version=4).cells)
            present = {line.strip() for line in text.splitlines()}
            leaks += [(os.path.relpath(path, folder), line) for line in lines if line in present]
    return leaks


def release(out_dir, solution_path=None):
    """Write ``out_dir/student`` (hand-out) and ``out_dir/staff``; return both paths.

    Raises ``ValueError`` naming the file and line if any solution line reached ``student/``.
    """
    solution_path = solution_path or os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb')
    student, staff = os.path.join(out_dir, 'student'), os.path.join(out_dir, 'staff')
    for folder in (student, staff):
        shutil.rmtree(folder, ignore_errors=True)  # a release is rewritten whole
        os.makedirs(folder)
    write_template(solution_path, os.path.join(student, 'cae_student.ipynb'))
    write_student_package(os.path.join(student, 'cae_tf_handout'),
                          dependencies=_student_dependencies())
    with open(os.path.join(student, 'README.md'), 'w') as f:
        f.write(STUDENT_README)
    shutil.copyfile(solution_path, os.path.join(staff, 'cae_solution.ipynb'))
    from cae_tf.grading.gradescope import write_bundle
    write_bundle(os.path.join(staff, 'gradescope_autograder.zip'), ROOT)
    with open(os.path.join(staff, 'README.md'), 'w') as f:
        f.write(STAFF_README)
    leaks = find_leaks(student, solution_lines(solution_path))
    if leaks:
        raise ValueError('solution code in the hand-out: %s: %s' % leaks[0])
    return student, staff


def _student_dependencies():
    """The project's pinned requirements of the packages the hand-out needs."""
    import tomllib
    with open(os.path.join(ROOT, 'pyproject.toml'), 'rb') as f:
        requirements = tomllib.load(f)['project']['dependencies']
    return [r for r in requirements if re.split(r'[<>=!~ ]', r)[0] in STUDENT_DEPENDENCIES]
