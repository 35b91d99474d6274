"""What a submitted notebook is and what its run showed (cae_tf/grading/submission.py)."""
import nbformat
import pytest

from cae_tf.grading import submission


def _error(ename, evalue):
    return nbformat.v4.new_output('error', ename=ename, evalue=evalue, traceback=[])


def _figure(axes):
    return nbformat.v4.new_output('display_data', data={
        'image/png': 'iVBORw0KGgo=', 'text/plain': '<Figure size 640x480 with %d Axes>' % axes})


BAD_SOURCE = (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": '
              b'"code", "id": "a1", "source": 5, "metadata": {}, "outputs": [], '
              b'"execution_count": null}]}')


@pytest.mark.parametrize('content, message', [
    (b'\xff\xfe{', 'not UTF-8 text'), (b'{"cells": [', 'not valid JSON (line 1)'),
    (b'[1, 2]', 'no list of cells'), (BAD_SOURCE, 'not a notebook: '),
])
def test_a_file_that_is_no_notebook_is_refused_saying_why(tmp_path, content, message):
    path = tmp_path / 'hand-in.ipynb'
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message.replace('(', r'\(').replace(')', r'\)')):
        submission.read_submission(str(path))


def _executed():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell('## (5) Training'),
        nbformat.v4.new_code_cell('train()', outputs=[_figure(1)]),
        nbformat.v4.new_markdown_cell('## (8) Per digit'),
        nbformat.v4.new_code_cell('plot()', outputs=[_figure(10), _figure(2)]),
        nbformat.v4.new_code_cell('x', outputs=[
            _error('MemoryError', ''), _error('OSError', '[Errno 28] No space left on device'),
            _error('ModuleNotFoundError', "No module named 'cae_tf.solution'"),
            _error('ModuleNotFoundError', "No module named 'cae_tf.handout.nope'"),
            _error('MemoryError', 'again')])])
    return nb


def test_figures_limits_and_staff_imports_are_read_from_the_outputs():
    nb = _executed()
    assert submission.figures_by_part(nb) == {5: [1], 8: [10, 2]}
    assert submission.limit_statuses(nb) == ['memory limit', 'disk limit']
    assert submission.refused_imports(nb) == ['cae_tf.solution']


def test_the_status_names_the_missing_parts_then_the_refused_imports_then_the_notes():
    nb = _executed()
    assert submission.missing_parts(nb) == [1, 2, 3, 4, 6, 7, 9, 10]
    assert submission.statuses(nb, ['cell 3 interrupted after 300 s']) == [
        'missing parts: 1, 2, 3, 4, 6, 7, 9, 10', 'refused staff-only import: cae_tf.solution',
        'cell 3 interrupted after 300 s']


def test_what_a_hand_in_came_with_is_cleared():
    nb = _executed()
    nb.cells[1].execution_count = 7
    submission.clear_outputs(nb)
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells
               if c.cell_type == 'code')
    assert submission.figures_by_part(nb) == {}
