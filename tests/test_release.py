"""The release: a hand-out with no solution in it, public checks that hold no answers, and
grading in the students' environment (staff imports refused)."""
import csv
import json
import os
import re
import site
import subprocess
import sys
import zipfile

import nbformat
import numpy as np
import pytest

from cae_tf import release
from cae_tf.grading import batch, run
from cae_tf.handout import checks as public, part_checks
from cae_tf.handout.checking import PUBLIC_DATA
from cae_tf.release import leaks, public_data, wheel
from cae_tf.handout.compat import tf
from cae_tf.solution import model, settings
from needs_sandbox import needs_sandbox
from seed_fills import filled_student_notebook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLUTION = os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb')


@pytest.fixture(scope='module')
def released(tmp_path_factory):
    out = tmp_path_factory.mktemp('release')
    student, staff = release.release(str(out))
    return student, staff


def files_under(folder):
    return sorted(os.path.relpath(os.path.join(base, n), folder)
                  for base, _, names in os.walk(folder) for n in names)


def test_student_folder_holds_the_notebook_the_wheel_and_its_readme(released):
    student, staff = released
    assert files_under(student) == ['README.md', 'cae_student.ipynb', wheel.WHEEL]
    with zipfile.ZipFile(os.path.join(student, wheel.WHEEL)) as archive:
        files = archive.namelist()
    assert {'cae_tf/__init__.py', 'cae_tf/handout/checks.py', 'cae_tf/handout/part_checks.py',
            'cae_tf/handout/checking.py', 'cae_tf/handout/data/public.npz',
            'cae_tf/handout/data/mnist/MANIFEST.json',
            'cae_tf/handout/data/mnist/train-images-idx3-ubyte.gz',
            'cae_tf_handout-0.1.0.data/data/' + wheel.SETTINGS[0]} <= set(files)
    packages = {f.split('/')[1] for f in files if f.startswith('cae_tf/') and f.count('/') > 1}
    assert packages == {'handout'}
    assert not any(re.search(r'cae_solution|solution/|grading/|evaluation/', f) for f in files)
    assert files_under(staff) == ['README.md', 'cae_solution.ipynb', 'gradescope_autograder.zip',
                                  'rubric.json']
    assert wheel.WHEEL in open(os.path.join(student, 'README.md'), encoding='utf-8').read()


def test_no_solution_line_reaches_students_and_the_scan_would_see_one(released, tmp_path):
    student, _ = released
    lines = leaks.solution_lines(SOLUTION)
    # the scan's list holds the answers of the parts and of the discussions
    for answer in ('loss = mse_loss(x, reconst)', 'optm = make_optimizer(loss, LR)',
                   "return tf.reduce_mean(tf.square(tf.subtract(x, reconst)))",
                   'new_data = np.median(test_latent, axis=0, keepdims=True)'):
        assert answer in lines
    assert any(line.startswith('in one shared style') or 'shared style' in line for line in lines)
    assert leaks.find_leaks(student, lines) == []
    planted = tmp_path / 'notes.py'
    planted.write_text('def f():\n    %s\n' % "return tf.reduce_mean(tf.square(tf.subtract(x, reconst)))")
    assert leaks.find_leaks(str(tmp_path), lines) == [
        ('notes.py', 'return tf.reduce_mean(tf.square(tf.subtract(x, reconst)))')]
    # inside the wheel too: a copy of it with the line planted in one of its modules
    planted.unlink()
    with zipfile.ZipFile(os.path.join(student, wheel.WHEEL)) as src, \
            zipfile.ZipFile(tmp_path / wheel.WHEEL, 'w') as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == 'cae_tf/handout/given.py':
                data += b'\n    return tf.reduce_mean(tf.square(tf.subtract(x, reconst)))\n'
            dst.writestr(name, data)
    assert leaks.find_leaks(str(tmp_path), lines) == [
        (wheel.WHEEL + '!cae_tf/handout/given.py',
         'return tf.reduce_mean(tf.square(tf.subtract(x, reconst)))')]


def test_student_package_imports_without_the_staff_modules(released, tmp_path):
    student, _ = released
    with zipfile.ZipFile(os.path.join(student, wheel.WHEEL)) as archive:
        archive.extractall(tmp_path / 'wheel')  # what pip puts in site-packages
    path = os.pathsep.join([str(tmp_path / 'wheel')] + site.getsitepackages())
    code = ('import cae_tf.handout.checks, cae_tf.handout.input_data, cae_tf.handout.figures\n'
            'from cae_tf import input_data\n'  # the README's drop-in, as in the staff install
            'assert input_data is cae_tf.handout.input_data\n'
            'for name in ("cae_tf.solution", "cae_tf.grading", "cae_tf.evaluation"):\n'
            '    try:\n        __import__(name)\n        print("imported", name)\n'
            '    except ModuleNotFoundError as e:\n        print(e)\n')
    proc = subprocess.run([sys.executable, '-S', '-c', code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=path), timeout=120, cwd=student)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split('\n')[:3] == ["No module named 'cae_tf.solution'",
                                           "No module named 'cae_tf.grading'",
                                           "No module named 'cae_tf.evaluation'"]


def test_public_data_is_what_release_computes_now():
    with np.load(PUBLIC_DATA, allow_pickle=False) as data:
        stored = {k: data[k] for k in data.files}
    fresh = public_data.public_expected()
    assert sorted(stored) == sorted(fresh)
    for key, value in fresh.items():
        value = np.asarray(value)
        if value.dtype.kind == 'U':
            assert list(stored[key]) == list(value), key
        else:
            # 1e-9: BLAS kernels differ by CPU (a value moved by 1.8e-12 relative on another VM
            # of the same kind); a stale file, computed from other code, differs by far more
            np.testing.assert_allclose(stored[key], value, rtol=1e-9, atol=1e-15, err_msg=key)


def cae_namespace(activation=tf.nn.tanh, loss_fn=None, sizes=None):
    """A student's parts (2)-(4) in-process; a planted fault at a time."""
    cae = model.build_cae(seed=3)
    ns = dict(settings.SIZES, **(sizes or {}))

    def encoder(x, weights, biases, label):
        h = activation(tf.matmul(tf.concat([x, label], 1), weights['encoder1'])
                       + biases['encoder1'])
        h = activation(tf.matmul(h, weights['encoder2']) + biases['encoder2'])
        return tf.matmul(h, weights['latent']) + biases['latent']
    reconst = model.decoder(encoder(cae.x, cae.weights, cae.biases, cae.y), cae.weights,
                            cae.biases, cae.y)
    loss = (loss_fn or model.mse_loss)(cae.x, reconst)
    ns.update(x=cae.x, y=cae.y, weights=cae.weights, biases=cae.biases, encoder=encoder,
              decoder=model.decoder, batch_norm_flat=model.batch_norm_flat, loss=loss,
              optm=tf.train.AdamOptimizer(1e-4).minimize(loss), LR=1e-4)
    return ns


def failed(part, ns):
    return [name for name, passed, _ in public.run_checks(part, ns) if not passed]


def test_public_checks_pass_the_model_and_name_each_planted_fault():
    assert [failed(p, cae_namespace()) for p in (2, 3, 4)] == [[], [], []]
    assert failed(2, cae_namespace(sizes={'n_encoder1': 400})) == ['n_encoder1']
    assert failed(3, cae_namespace(activation=tf.nn.sigmoid)) == ['encoder']
    assert failed(4, cae_namespace(loss_fn=lambda a, b: tf.reduce_mean(tf.abs(a - b)))) == \
        ['loss']
    assert failed(4, dict(cae_namespace(), LR=1e-3)) == ['LR']
    assert failed(3, {}) == ['keys', 'shapes', 'encoder', 'decoder', 'batch_norm_flat']


def test_a_part_reports_the_same_checks_whatever_is_missing():
    full = cae_namespace()
    for part in (2, 3, 4):
        for ns in ({}, {'weights': full['weights']}, full,
                   dict(full, weights={'encoder1': full['weights']['encoder1']})):
            assert [name for name, _, _ in public.run_checks(part, ns)] == part_checks.CHECKS[part].names
    (name, passed, message), = public.run_checks(3, {'weights': {}})[:1]
    assert not passed and message == ('not checked: biases, encoder, decoder, batch_norm_flat '
                                      'not defined yet')
    shapes = public.run_checks(3, dict(full, weights={}))[1]
    assert shapes == ('shapes', False, 'not checked: fix the failing check above first')
    for part in part_checks.CHECKS:
        assert len(public.run_checks(part, {})) == len(part_checks.CHECKS[part].names)


def test_any_correct_form_of_the_optimizer_passes():
    """minimize(loss, global_step=...) and compute_gradients + apply_gradients put Adam's update
    deeper among optm's dependencies than minimize(loss) does."""
    ns = cae_namespace()
    step = tf.Variable(0, trainable=False)
    adam = tf.train.AdamOptimizer(1e-4)
    for optm in (tf.train.AdamOptimizer(1e-4).minimize(ns['loss'], global_step=step),
                 adam.apply_gradients(adam.compute_gradients(ns['loss']))):
        assert failed(4, dict(ns, optm=optm)) == []
    assert failed(4, dict(ns, optm=tf.train.GradientDescentOptimizer(1e-4).minimize(
        ns['loss']))) == ['optimizer']


def test_public_part_7_and_10_checks_follow_the_problem_not_an_answer():
    rng = np.random.RandomState(0)
    test_y = np.eye(10)[rng.randint(10, size=500)]
    latent = rng.randn(500, 2)
    ns = dict(test_latent=latent, test_y=test_y, test_y_arg=test_y.argmax(1),
              xmin=latent[:, 0].min(), xmax=latent[:, 0].max(), ymin=latent[:, 1].min(),
              ymax=latent[:, 1].max())
    assert failed(7, ns) == []
    assert failed(7, dict(ns, xmax=latent[:, 0].max() + 1)) == ['latent limits']
    assert failed(7, dict(ns, test_y_arg=(test_y.argmax(1) + 1) % 10)) == ['test_y_arg']


def test_public_checks_ship_no_answer_code():
    from cae_tf.handout import checking
    source = ''
    for module in (public, part_checks, checking):
        with open(module.__file__, encoding='utf-8') as f:
            source += f.read()
    assert [line for line in leaks.solution_lines(SOLUTION) if line in source] == []


@pytest.fixture(scope='module')
def graded(released, tmp_path_factory):
    """The student notebook filled with the seed's code, and the solution notebook, graded in
    one batch; the filled notebook also executed in the students' environment."""
    student, _ = released
    folder = tmp_path_factory.mktemp('hand-ins')
    filled = filled_student_notebook(os.path.join(student, 'cae_student.ipynb'))
    nbformat.write(filled, str(folder / 'seed_filled.ipynb'))
    nbformat.write(nbformat.read(SOLUTION, as_version=4), str(folder / 'answer_key.ipynb'))
    out = folder / 'grades'
    batch.grade_batch([str(folder / 'seed_filled.ipynb'), str(folder / 'answer_key.ipynb')],
                      str(out), jobs=2, log=None)
    with open(out / 'grades.csv', newline='') as f:
        rows = {row['submission']: row for row in csv.DictReader(f)}
    return rows, out, filled


@pytest.mark.slow
@needs_sandbox
def test_the_seeds_code_in_the_blanks_scores_100(graded):
    rows, out, _ = graded
    assert rows['seed_filled']['status'] == 'ok', open(out / 'feedback' / 'seed_filled.txt').read()
    assert float(rows['seed_filled']['total']) == 100.0


@pytest.mark.slow
@needs_sandbox
def test_the_answer_key_as_a_submission_earns_only_its_plain_lines(graded):
    rows, out, _ = graded
    row = rows['answer_key']
    assert float(row['total']) <= 15.0
    assert float(row['part1']) == 10.0 and float(row['part2']) == 5.0
    assert row['status'] == 'refused staff-only import: cae_tf.solution'
    assert 'refused staff-only import' in open(out / 'feedback' / 'answer_key.txt').read()


@pytest.mark.slow
@needs_sandbox
def test_the_seeds_code_passes_every_public_check_in_the_students_environment(graded, tmp_path):
    _, _, filled = graded
    run.run_submission(filled, 600, 1800)  # runs the cells in place, unisolated
    # a cell's printing may reach the notebook in several stream outputs: join them
    reports = [''.join(out.get('text', '') for out in cell.outputs) for cell in filled.cells
               if cell.cell_type == 'code' and cell.source.strip().startswith('check(')]
    assert len(reports) == 9
    for report in reports:
        passed, total = map(int, re.match(r'Part \d+: (\d+) of (\d+) checks passed', report)
                            .groups())
        assert passed == total, report


def test_a_course_rubric_sets_the_points_the_notebook_states(tmp_path):
    rubric = tmp_path / 'rubric.json'
    rubric.write_text('{"9": {"points": 0, "criteria": []}, "10": {"points": 2.5, "criteria": '
                      '["Builds on (9)."]}}', encoding='utf-8')
    student, staff = release.release(str(tmp_path / 'out'), rubric_path=str(rubric))
    text = open(os.path.join(student, 'cae_student.ipynb'), encoding='utf-8').read()
    assert 'Discussion (9), read and graded by course staff: 0 points.' in text
    assert 'Discussion (10), read and graded by course staff: 2.5 points.' in text
    with open(os.path.join(staff, 'rubric.json'), encoding='utf-8') as f:
        assert json.load(f)['10'] == {'points': 2.5, 'criteria': ['Builds on (9).']}
    with pytest.raises(ValueError, match='in the release being rewritten'):
        release.release(str(tmp_path / 'out'), rubric_path=os.path.join(staff, 'rubric.json'))
