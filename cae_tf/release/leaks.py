"""The leak scan: no line of the solution may reach the hand-out.

The lines that give answers away are the solution notebook's regions (code and discussion) and
the code of the solution modules; the given code of the template and of ``handout/figures.py`` is
handed out on purpose.
"""
import ast
import glob
import os
import zipfile

import nbformat

from cae_tf.release.template import CODE_REGION, MARKDOWN_REGION, strip_solutions
from cae_tf.student_package import HANDOUT_DIR, PACKAGE_DIR

SOLUTION_MODULES = ('solution/*.py',)  # the answers and the numpy reference model


def _read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def _code_lines(source):
    """Return the stripped code lines of Python ``source``'s function bodies, docstrings out."""
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
    discussion) and the code of the solution modules (the reference model among them), each at least 16 chars,
    but for lines of the code handed out on purpose."""
    nb = nbformat.read(solution_path, as_version=4)
    # Handed out on purpose: the template's given code, and the plotting code the seed gave in
    # parts (5), (9) and (10) (its scatter of latent codes among it), now in handout/figures.py.
    given = {line.strip() for cell in strip_solutions(nb).cells
             for line in cell.source.splitlines()}
    given.update(line.strip() for line in _code_lines(
        _read(os.path.join(HANDOUT_DIR, 'figures.py'))))
    lines = []
    for cell in nb.cells:
        region = CODE_REGION if cell.cell_type == 'code' else MARKDOWN_REGION
        for match in region.finditer(cell.source):
            lines += match.group(0).replace('<!--', '\n').replace('-->', '\n').splitlines()
    for pattern in SOLUTION_MODULES:
        for path in sorted(glob.glob(os.path.join(PACKAGE_DIR, pattern))):
            lines += _code_lines(_read(path))
    found = {line.strip() for line in lines}
    return sorted(line for line in found - given if len(line) >= 16
                  and not line.startswith('#') and 'SOLUTION' not in line)


def _texts(path):
    """``(name, text)`` of the file ``path``, or of each member of it where it is a zip (the
    hand-out's wheel); binary data (MNIST, npz) gives nothing: no code in it."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [(m, archive.read(m)) for m in archive.namelist()]
    else:
        with open(path, 'rb') as f:
            members = [('', f.read())]
    for member, data in members:
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError:
            continue
        if (member or path).endswith('.ipynb'):
            text = '\n'.join(c.source for c in nbformat.reads(text, as_version=4).cells)
        yield member, text


def find_leaks(folder, lines):
    """Return ``[(file, line)]`` for every solution line found in a text file under ``folder``
    (a zip's members read too: ``file`` is then ``ZIP!MEMBER``)."""
    leaks = []
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            for member, text in _texts(path):
                present = {line.strip() for line in text.splitlines()}
                where = os.path.relpath(path, folder) + ('!' + member if member else '')
                leaks += [(where, line) for line in lines if line in present]
    return leaks
