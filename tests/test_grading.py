"""Student template generation, the checks' judging of planted faults, and the batch grader's
handling of unreadable submissions. Whole executed submissions: test_grading_submissions.py."""
import csv
import json
import os

import nbformat
import numpy as np
import pytest

from cae_tf.grading import batch as grade, judge, registry, rows as csv_rows, scoring
from cae_tf.grading.parts import probing
from cae_tf.solution import model, settings
from cae_tf.release import template
from cae_tf.handout.compat import tf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLUTION = os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb')
STUDENT = os.path.join(ROOT, 'notebooks', 'cae_student.ipynb')


def test_committed_template_is_generated_from_the_solution(tmp_path):
    fresh = template.write_template(SOLUTION, str(tmp_path / 'student.ipynb'))
    with open(fresh, encoding='utf-8') as a, open(STUDENT, encoding='utf-8') as b:
        assert a.read() == b.read(), "stale: python -m cae_tf template writes it"


def test_template_blanks_fail_loudly_and_carry_no_outputs():
    solution = nbformat.read(SOLUTION, as_version=4)
    student = nbformat.read(STUDENT, as_version=4)
    regions = sum(c.source.count('### BEGIN SOLUTION') for c in solution.cells)
    code = '\n'.join(c.source for c in student.cells if c.cell_type == 'code')
    assert regions == 11 and code.count('raise NotImplementedError()') == regions
    assert 'SOLUTION' not in code and 'make_weights' not in code
    assert all(not c.get('outputs') for c in student.cells)
    text = '\n'.join(c.source for c in student.cells if c.cell_type == 'markdown')
    assert text.count('_Your answer here._') == 2
    for name in ('train_imgs', 'n_input', 'weights', 'encoder', 'decoder', 'latent', 'reconst',
                 'loss', 'sess', 'loss_record_train', 'test_latent', 'new_data', 'latent_input',
                 'canvas'):
        assert name in code + '\n'.join(c.source for c in solution.cells)


def test_unbalanced_region_is_refused():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('### BEGIN SOLUTION\nx = 1')])
    with pytest.raises(template.TemplateError, match='cell 0'):
        template.strip_solutions(nb)


def student_namespace(activation=tf.nn.tanh, loss_fn=None, optimizer=None):
    """A student's parts (1)-(4) built in-process, with one planted fault at a time."""
    cae = model.build_cae(seed=2)
    ns = dict(settings.SIZES)

    def encoder(x, weights, biases, label):
        h = activation(tf.matmul(tf.concat([x, label], 1), weights['encoder1'])
                       + biases['encoder1'])
        h = activation(tf.matmul(h, weights['encoder2']) + biases['encoder2'])
        return tf.matmul(h, weights['latent']) + biases['latent']

    latent = encoder(cae.x, cae.weights, cae.biases, cae.y)
    reconst = model.decoder(latent, cae.weights, cae.biases, cae.y)
    loss = (loss_fn or model.mse_loss)(cae.x, reconst)
    optm = (optimizer or tf.train.AdamOptimizer(0.0001)).minimize(loss)
    ns.update(x=cae.x, y=cae.y, weights=cae.weights, biases=cae.biases, encoder=encoder,
              decoder=model.decoder, batch_norm_flat=model.batch_norm_flat, loss=loss, optm=optm)
    return ns


def judged(ns, inputs, numbers):
    """Probe and judge parts ``numbers`` of an in-process namespace, as the grader does."""
    values, errors = probing.collect(ns, inputs, {n: registry.PARTS[n].probe for n in numbers})
    return scoring.judge_parts(values, errors, inputs, None, parts=numbers)


def scores_of(ns):
    return scoring.part_scores(judged(ns, judge.make_inputs(seed=0), (2, 3, 4)))


@pytest.mark.parametrize('fault, kwargs, first_part', [
    ('none', {}, None),
    ('sigmoid activation', dict(activation=tf.nn.sigmoid), 3),
    ('absolute-error loss', dict(loss_fn=lambda a, b: tf.reduce_mean(tf.abs(a - b))), 4),
    ('gradient descent', dict(optimizer=tf.train.GradientDescentOptimizer(0.0001)), 4),
    ('learning rate 0.01', dict(optimizer=tf.train.AdamOptimizer(0.01)), 4),
])
def test_a_planted_fault_loses_points_in_its_part_not_before(fault, kwargs, first_part):
    scores = scores_of(student_namespace(**kwargs))
    full = {p: float(registry.PARTS[p].points) for p in (2, 3, 4)}
    if first_part is None:
        assert {p: scores[p] for p in full} == full
    else:
        assert scores[first_part] < full[first_part], fault
        assert all(scores[p] == full[p] for p in full if p < first_part), fault


def test_checks_hold_the_homeworks_test_set(mnist):
    inputs = judge.make_inputs(seed=0)
    assert inputs['T'].dtype == np.float32
    np.testing.assert_array_equal(inputs['T'], mnist.test.images)
    np.testing.assert_array_equal(inputs['TY'], mnist.test.labels)


def test_part_1_passes_the_real_data_and_fails_it_shifted_by_one(mnist):
    inputs = judge.make_inputs(seed=0)
    ns = dict(train_imgs=mnist.train.images, train_labels=mnist.train.labels,
              test_imgs=mnist.test.images, test_labels=mnist.test.labels,
              n_train=55000, n_test=10000)
    assert scoring.part_scores(judged(ns, inputs, (1,)))[1] == 10
    ns['test_imgs'] = np.roll(mnist.test.images, 1, axis=0)
    results = judged(ns, inputs, (1,))
    assert [r.name for r in results if not r.passed] == ['test_imgs values']


def test_points_sum_to_100():
    assert sum(p.points for p in registry.PARTS.values()) == 100
    for record in registry.PARTS.values():
        assert record.figures is None or record.figures.points <= record.points


def test_unreadable_submissions_get_rows_and_reruns_keep_rows(tmp_path):
    bad_json = tmp_path / 'alice.ipynb'
    bad_json.write_text('{"cells": [')
    not_nb = tmp_path / 'bob.ipynb'
    not_nb.write_text(json.dumps({'hello': 'world'}))
    out = tmp_path / 'grades'
    # unreadable notebooks never reach a kernel: no sandbox needed
    grade.grade_batch([str(bad_json)], str(out), log=None, isolate=False)
    grade.grade_batch([str(not_nb)], str(out), jobs=2, log=None, isolate=False)
    with open(out / 'grades.csv', newline='') as f:
        rows = {r['submission']: r for r in csv.DictReader(f)}
    assert list(rows['alice']) == csv_rows.COLUMNS
    assert rows['alice']['status'] == 'unreadable notebook: not valid JSON (line 1)'
    assert rows['bob']['status'] == 'unreadable notebook: not a notebook: no list of cells'
    assert rows['alice']['total'] == rows['bob']['total'] == '0'
    assert 'not graded' in (out / 'feedback' / 'alice.txt').read_text()


def test_cli_usage_errors_exit_non_zero(tmp_path):
    from cae_tf.__main__ import main
    with pytest.raises(SystemExit) as exit_info:
        main(['grade', '--out', str(tmp_path)])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(['grade', 'a.ipynb', '--out', str(tmp_path), '--jobs', '0'])
    assert exit_info.value.code == 2
