"""The batch autograder on whole executed submissions: the seed's own solution scores 100/100, and
each planted fault in part p loses points in part p, never before it; parts after a failing,
timed-out, stuck or kernel-killing cell are still graded.

The fault submissions load a trained model in part (5) instead of training (``restored_training``)
and draw a 5x5 manifold in part (10) instead of 20x20, so that the batch runs in about two minutes;
the seed's own submission runs as handed in, 5000 training steps and all.
"""
import csv
import os
import re

import nbformat
import numpy as np
import pytest

from browser import browser_page, needs_browser, screenshot
from cae_tf.grading import batch as grade
from cae_tf.grading.registry import PARTS
from cae_tf.release import leaks
from cae_tf.solution import model, train
from cae_tf.handout.compat import tf
from needs_sandbox import needs_sandbox
from seed_submission import SEED_CELLS, replace, restored_training, submission

pytestmark = [pytest.mark.slow, needs_sandbox]  # whole notebooks graded, 5000 steps among them
SOLUTION = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        'notebooks', 'cae_solution.ipynb')

FULL = {n: float(p.points) for n, p in PARTS.items()}
CELL_TIMEOUT = 20


def read_rows(out):
    with open(out / 'grades.csv', newline='') as f:
        return {row['submission']: row for row in csv.DictReader(f)}


def scores(row):
    return {p: float(row['part%d' % p]) for p in PARTS}


@pytest.fixture(scope='module')
def trained(tmp_path_factory, mnist):
    """Weights of a CAE trained 1500 steps (test MSE about 0.048) and 21 loss records."""
    cae = model.build_cae(seed=3)
    with tf.Session() as sess:
        records = train.train(sess, cae.x, cae.y, cae.loss, cae.optm,
                              train.make_batch_maker(mnist.train.images, mnist.train.labels),
                              train.make_batch_maker(mnist.test.images, mnist.test.labels),
                              n_iter=1500, n_prt=75, log=None)
        W, B = sess.run([cae.weights, cae.biases])
    path = tmp_path_factory.mktemp('trained') / 'trained.npz'
    path.parent.chmod(0o755)  # read by the sandboxed kernels, which run as nobody
    np.savez(path, train=records[0], test=records[1],
             **{'W.' + k: v for k, v in W.items()}, **{'B.' + k: v for k, v in B.items()})
    return path


SIGMOID_ENCODER = (3, "    encoder1 = tf.nn.tanh(encoder1)", "    encoder1 = tf.nn.sigmoid(encoder1)")
TAMPERING = '''
import math, numpy
numpy.allclose = lambda *a, **k: True
numpy.isclose = lambda a, b, *r, **k: numpy.ones(numpy.shape(a), bool)
math.isclose = lambda *a, **k: True
try:  # refused in the students' environment; were it not, the judge runs elsewhere anyway
    import cae_tf.grading.judge, cae_tf.grading.scoring, cae_tf.solution.reference
    cae_tf.grading.scoring.judge_parts = lambda *a, **k: []
    cae_tf.grading.judge.Sheet.close = lambda self, a, b, **k: True
    cae_tf.solution.reference.encoder = lambda x, W, B, label: 0
except ImportError:
    pass
'''
SMALL_MANIFOLD = ('nx = 20\nny = 20', 'nx = 5\nny = 5')
STUCK = '''import time
while True:
    try:
        time.sleep(0.1)
    except KeyboardInterrupt:
        pass
'''

# name: (part the fault is in, {part: source}, parts left out, parts after the fault that must
# still score full marks)
FAULTS = {
    'no_fault': (None, {}, (), ()),
    'wrong_data': (1, {1: replace(1, 'mnist.test.images', 'mnist.validation.images')}, (),
                   range(2, 11)),
    'wrong_structure': (2, {2: replace(2, 'n_encoder2 = 300', 'n_encoder2 = 200')}, (), ()),
    # (5) not: the loaded weights were trained for tanh, so this model reconstructs poorly
    'wrong_activation': (3, {3: replace(*SIGMOID_ENCODER)}, (), (4, 6, 7, 8, 9, 10)),
    'tampering': (3, {3: replace(*SIGMOID_ENCODER) + TAMPERING}, (), ()),
    'wrong_loss': (4, {4: replace(4, 'tf.square(', 'tf.abs(')}, (), (5, 6, 7, 8, 9, 10)),
    'too_few_iterations': (5, {5: replace(5, 'n_iter = 5000', 'n_iter = 200')}, (),
                           (6, 7, 8, 9, 10)),
    'endless_loop': (6, {6: 'while True:\n    pass\n' + SEED_CELLS[6]}, (), (7, 8, 9, 10)),
    'kernel_death': (6, {6: 'import os\nos._exit(1)\n' + SEED_CELLS[6]}, (), (7, 8, 9, 10)),
    'wrong_labels': (7, {7: replace(7, 'test_latent = sess.run(latent, feed_dict = {x: test_x, '
                                       'y: test_y})', 'test_latent = sess.run(latent, feed_dict '
                                       '= {x: test_x, y: 0 * test_y})')}, (), (8, 9, 10)),
    'syntax_error': (8, {8: replace(8, 'plt.figure(figsize = (18, 24))',
                                    'plt.figure(figsize = (18, 24)')}, (), (9, 10)),
    'stuck_cell': (8, {8: STUCK + SEED_CELLS[8]}, (), (9, 10)),
    'wrong_new_data': (9, {9: replace(9, 'np.array([[-4, 3]])', 'np.array([-4, 3])')}, (), ()),
    'canvas_upside_down': (10, {10: replace(10, 'canvas[(nx-i-1)*28:(nx-i)*28,',
                                            'canvas[i*28:(i+1)*28,').replace(*SMALL_MANIFOLD)},
                           (), ()),
    'missing_part': (10, {}, (10,), ()),
}
FLOOD = 'for i in range(20):\n    print("x" * 1024 ** 2)\n' + SEED_CELLS[6]  # 20 MB in (6)


@pytest.fixture(scope='module')
def fault_grades(tmp_path_factory, trained):
    """Grade every submission of FAULTS and the flood in one batch, two at a time; return rows and
    feedback."""
    folder = tmp_path_factory.mktemp('submissions')
    path = folder / 'flood.ipynb'
    nbformat.write(submission({5: restored_training(trained), 6: FLOOD,
                               10: replace(10, *SMALL_MANIFOLD)}), str(path))
    paths = [str(path)]
    for name, (part, edits, drop, _) in FAULTS.items():
        edits = dict(edits)
        if part != 5:
            edits.setdefault(5, restored_training(trained))
        edits.setdefault(10, replace(10, *SMALL_MANIFOLD))
        path = folder / (name + '.ipynb')
        nbformat.write(submission(edits, drop=drop), str(path))
        paths.append(str(path))
    out = folder / 'grades'
    grade.grade_batch(paths, str(out), jobs=2, cell_timeout=CELL_TIMEOUT, budget=240, log=None,
                      readable=[str(trained.parent)])  # the sandboxed kernels load it
    feedback = {name: (out / 'feedback' / (name + '.txt')).read_text() for name in FAULTS}
    return read_rows(out), feedback, out


@pytest.mark.parametrize('name', FAULTS)
def test_a_fault_loses_points_in_its_part_never_before(fault_grades, name):
    rows, feedback, _ = fault_grades
    part, _, _, full_after = FAULTS[name]
    got = scores(rows[name])
    assert float(rows[name]['total']) == pytest.approx(sum(got.values()), abs=0.05)
    if part is None:
        assert got == FULL and rows[name]['status'] == 'ok', feedback[name]
        return
    assert got[part] < FULL[part], feedback[name]
    assert {p: got[p] for p in FULL if p < part} == {p: FULL[p] for p in FULL if p < part}, \
        feedback[name]
    assert {p: got[p] for p in full_after} == {p: FULL[p] for p in full_after}, feedback[name]


def test_a_flood_costs_only_its_own_cell(fault_grades):
    """20 MB printed in part (6): that cell's text is cut at the limit, its figure and every point
    kept."""
    row = fault_grades[0]['flood']
    cell = next(i for i, c in enumerate(submission({6: FLOOD}).cells) if c.source == FLOOD)
    assert scores(row) == FULL, row
    assert row['status'] == 'output of cell %d cut at 16 MB' % cell, row


def test_tampering_with_checks_and_numpy_in_the_kernel_changes_nothing(fault_grades):
    rows, feedback, _ = fault_grades
    assert scores(rows['tampering']) == scores(rows['wrong_activation'])
    assert 'encoder' in feedback['tampering'] and 'part 3  encoder' in feedback['tampering']


def test_status_names_what_happened(fault_grades):
    rows, feedback, _ = fault_grades
    assert rows['endless_loop']['status'].startswith('cell ') and \
        'interrupted after %d s' % CELL_TIMEOUT in rows['endless_loop']['status']
    assert 'stopped the kernel; ran the notebook again without it' in \
        rows['kernel_death']['status']
    assert 'ignored the interrupt; ran the notebook again without it' in \
        rows['stuck_cell']['status']
    assert rows['missing_part']['status'] == 'missing parts: 10'
    assert rows['syntax_error']['status'] == 'ok'  # an error in a cell is the student's, not ours
    assert 'part 8  figure' in feedback['syntax_error'] and 'found none' in \
        feedback['syntax_error']


def test_each_submission_gets_a_feedback_page_made_of_results_and_figures(fault_grades):
    rows, _, out = fault_grades
    lines = leaks.solution_lines(SOLUTION)
    for name in FAULTS:
        page = (out / 'feedback' / (name + '.html')).read_text()
        assert page.startswith('<!DOCTYPE html>') and '%s: %s / 100' % (name, rows[name]['total']) \
            in page
        assert [line for line in lines if line in page] == []  # no line of the solution
        # none of the grader's inputs (numpy prints their values with 8 decimals)
        assert not re.search(r'\d\.\d{5,}', re.sub(r'<img [^>]*>', '', page)), name


@needs_browser
def test_a_student_sees_their_figures_beside_the_key_and_what_failed(fault_grades):
    """The page of a fault in part (7), opened in headless chromium."""
    _, _, out = fault_grades
    with browser_page(width=1200, height=900) as page:
        page.goto('file://%s' % (out / 'feedback' / 'wrong_labels.html'))
        for part in range(5, 11):
            section = page.locator('#part-%d' % part)
            shown = section.locator('figure.yours img')
            assert shown.count() >= PARTS[part].figures.count, part
            assert section.locator('figure.key img').count() >= PARTS[part].figures.count
            # the images load: a real PNG has a width
            assert shown.first.evaluate('img => img.naturalWidth') > 50, part
        failed = page.locator('#part-7 .failed')
        assert 'test_latent should be the latent codes of the 500 test images' in \
            failed.first.inner_text()
        page.locator('#part-7').scroll_into_view_if_needed()
        screenshot(page, 'feedback_part7')


# Correct hand-ins that differ from the seed only where the notebook leaves the choice (the
# initialisation, the optimizer's form) or in the import the README gives: each keeps 100.
OTHER_FORMS = {
    'drop_in_truncated_global_step': {
        1: replace(1, 'from cae_tf.handout import input_data', 'from cae_tf import input_data'),
        3: replace(3, 'tf.random_normal(', 'tf.truncated_normal('),  # spread 0.088, not 0.1
        4: replace(4, 'optm = tf.train.AdamOptimizer(LR).minimize(loss)',
                   'step = tf.Variable(0, trainable=False)\n'
                   'optm = tf.train.AdamOptimizer(LR).minimize(loss, global_step=step)')},
    'glorot_apply_gradients': {
        3: replace(3, 'tf.random_normal(', 'tf.glorot_normal_initializer()(').replace(
            '], stddev = 0.1)', '])'),
        4: replace(4, 'optm = tf.train.AdamOptimizer(LR).minimize(loss)',
                   'adam = tf.train.AdamOptimizer(LR)\n'
                   'optm = adam.apply_gradients(adam.compute_gradients(loss))')},
}


@pytest.fixture(scope='module')
def other_forms(tmp_path_factory):
    """OTHER_FORMS, 5000 training steps each, graded in one batch (the seed's own cells score
    100 in tests/test_sandbox.py, beside the attacks)."""
    folder = tmp_path_factory.mktemp('other_forms')
    paths = []
    for name, edits in OTHER_FORMS.items():
        paths.append(str(folder / (name + '.ipynb')))
        nbformat.write(submission(edits), paths[-1])
    grade.grade_batch(paths, str(folder / 'grades'), jobs=2, log=None)
    feedback = {name: (folder / 'grades' / 'feedback' / (name + '.txt')).read_text()
                for name in OTHER_FORMS}
    return read_rows(folder / 'grades'), feedback


@pytest.mark.parametrize('name', OTHER_FORMS)
def test_what_the_notebook_leaves_open_costs_nothing(other_forms, name):
    rows, feedback = other_forms
    assert scores(rows[name]) == FULL and rows[name]['status'] == 'ok', feedback[name]


def test_a_toy_eleventh_part_is_graded_from_its_record_alone(tmp_path, trained, monkeypatch):
    """One record in tests/toy_part.py, one heading and one cell in the notebook: nothing else."""
    monkeypatch.setenv('CAE_TF_EXTRA_PARTS', 'toy_part')
    monkeypatch.setenv('PYTHONPATH', os.pathsep.join(
        [os.path.dirname(os.path.abspath(__file__))] + [os.environ.get('PYTHONPATH', '')]))
    paths = []
    for name, answer in (('right', '42'), ('wrong', '41')):
        nb = submission({5: restored_training(trained), 10: replace(10, *SMALL_MANIFOLD)})
        nb.cells += [nbformat.v4.new_markdown_cell('(11) The answer'),
                     nbformat.v4.new_code_cell('answer = %s' % answer)]
        paths.append(str(tmp_path / (name + '.ipynb')))
        nbformat.write(nb, paths[-1])
    grade.grade_batch(paths, str(tmp_path / 'grades'), jobs=2, log=None,
                      readable=[str(trained.parent)])
    rows = read_rows(tmp_path / 'grades')
    assert rows['right']['part11'] == '5.0' and rows['wrong']['part11'] == '0.0'
    assert float(rows['right']['total']) == float(rows['wrong']['total']) + 5
    assert {p: float(rows['right']['part%d' % p]) for p in (1, 2, 3, 4)} == \
        {p: FULL[p] for p in (1, 2, 3, 4)}
    feedback = (tmp_path / 'grades' / 'feedback' / 'wrong.txt').read_text()
    assert 'part 11 answer' in feedback and 'the answer to everything' in feedback
