"""What a submitted notebook is and what its run showed (cae_tf/grading/submission.py)."""
import base64
import io

import nbformat
import pytest
from PIL import Image

from cae_tf.grading import submission


def _error(ename, evalue):
    return nbformat.v4.new_output('error', ename=ename, evalue=evalue, traceback=[])


def _png(width=640, height=480):
    out = io.BytesIO()
    Image.new('RGB', (width, height), (250, 250, 250)).save(out, 'PNG')
    return base64.b64encode(out.getvalue()).decode('ascii')


def _figure(axes, png=None):
    return nbformat.v4.new_output('display_data', data={
        'image/png': png or _png(), 'text/plain': '<Figure size 640x480 with %d Axes>' % axes})


BAD_SOURCE = (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": '
              b'"code", "id": "a1", "source": 5, "metadata": {}, "outputs": [], '
              b'"execution_count": null}]}')


@pytest.mark.parametrize('content, message', [
    (b'\xff\xfe{', 'not UTF-8 text'), (b'{"cells": [', 'not valid JSON (line 1)'),
    (b'[1, 2]', 'no list of cells'), (BAD_SOURCE, 'not a notebook: '),
    (b'{"cells": [], "metadata": %s%s}' % (b'[' * 100000, b']' * 100000),
     'nested too deeply to read'),
    (b'{"cells": ["print(1)"]}', 'not a notebook: '),  # JSON with cells, but no cell in it
])
def test_a_file_that_is_no_notebook_is_refused_saying_why(tmp_path, content, message):
    path = tmp_path / 'hand-in.ipynb'
    path.write_bytes(content)
    with pytest.raises(ValueError) as refused:
        submission.read_submission(str(path))
    assert str(refused.value).startswith('unreadable notebook: ') and message in str(
        refused.value)


def test_a_notebook_too_large_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / 'hand-in.ipynb'
    with open(path, 'wb') as f:  # sparse: 65 MB that take no disk
        f.truncate(submission.MAX_NOTEBOOK + 1)
    with pytest.raises(ValueError, match='^unreadable notebook: larger than 64 MB$'):
        submission.read_submission(str(path))


def test_a_notebooks_own_outputs_are_dropped_as_it_is_read(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('x', outputs=[_figure(1)])])
    nbformat.write(nb, str(tmp_path / 'hand-in.ipynb'))
    assert submission.read_submission(str(tmp_path / 'hand-in.ipynb')).cells[0].outputs == []


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


def test_a_figure_counts_only_as_a_png_and_its_axes_only_as_far_as_it_has_room():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell('## (6) Reconstruction'),
        nbformat.v4.new_code_cell('show()', outputs=[
            _figure(20, 'iVBORw0KGgo='),  # the PNG signature and nothing more
            _figure(20, base64.b64encode(b'<svg/>' * 100).decode()),  # not a PNG at all
            _figure(20, _png()[:400]),  # cut short: no image decodes
            _figure(20, _png(8, 8)),  # 8 x 8 pixels: no plot
            _figure(20, _png(100, 75)),  # room for 3 axes of 2500 pixels
            _figure(20, _png(400, 300))])])  # room for 48: all 20 count
    assert submission.figures_by_part(nb) == {6: [3, 20]}


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
