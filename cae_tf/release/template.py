"""The student notebook, generated from the solution notebook (nbgrader's convention).

In code cells, the lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` become the seed's
``# your code here`` and ``raise NotImplementedError()``, at the region's indentation. In markdown
cells, the text between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` becomes
``_Your answer here._``, and each discussion's cell is marked (cell metadata) and says that people
read it, for how many points. Outputs and execution counts are cleared.
"""
import re

import nbformat

from cae_tf.grading.discussions import mark_cells
from cae_tf.grading.written import DEFAULT_RUBRIC

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


def write_template(solution_path, student_path, rubric=None):
    """Generate the student notebook at ``student_path`` from ``solution_path``; each discussion
    marked and labelled with its points in ``rubric`` (default: the release's default)."""
    nb = nbformat.read(solution_path, as_version=4)
    points = {n: r.points for n, r in (rubric or DEFAULT_RUBRIC).items()}
    nbformat.write(mark_cells(strip_solutions(nb), points), student_path)
    return student_path
