"""The Gradescope autograder bundle, run in a local stand-in of Gradescope's layout
(``AUTOGRADER_ROOT`` for ``/autograder``), against the fields of its specification and against
`grade`'s rows for the same notebooks."""
import csv
import json
import os
import stat
import subprocess
import sys
import zipfile

import nbformat
import pytest

from cae_tf.grading import batch, gradescope
from needs_sandbox import needs_sandbox
from seed_submission import replace, submission

pytestmark = [pytest.mark.slow, needs_sandbox]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VISIBILITY = {'hidden', 'after_due_date', 'after_published', 'visible'}
NOTEBOOKS = {'seed': {}, 'too_few_steps': {5: replace(5, 'n_iter = 5000', 'n_iter = 200')}}


def check_results_json(content):
    """Assert ``content`` has the fields Gradescope's specification asks for, with their types."""
    assert isinstance(content['score'], float)
    assert content.get('visibility', 'visible') in VISIBILITY
    assert content.get('stdout_visibility', 'visible') in VISIBILITY
    assert isinstance(content.get('execution_time', 0), int)
    for test in content['tests']:
        assert isinstance(test['name'], str) and test['name']
        assert isinstance(test['score'], float) and isinstance(test['max_score'], float)
        assert 0 <= test['score'] <= test['max_score']
        assert test['status'] in ('passed', 'failed') and isinstance(test['output'], str)
        assert test['visibility'] in VISIBILITY
    assert abs(sum(t['score'] for t in content['tests']) - content['score']) < 0.05
    assert abs(sum(t['max_score'] for t in content['tests']) - 100) < 0.05


@pytest.fixture(scope='module')
def bundle(tmp_path_factory):
    path = tmp_path_factory.mktemp('bundle') / 'gradescope_autograder.zip'
    return gradescope.write_bundle(str(path), ROOT)


def test_the_zip_has_the_two_scripts_at_its_root_and_the_project(bundle):
    with zipfile.ZipFile(bundle) as z:
        names = z.namelist()
        modes = {i.filename: i.external_attr >> 16 for i in z.infolist()}
        setup = z.read('setup.sh').decode()
    assert 'setup.sh' in names and 'run_autograder' in names
    assert modes['run_autograder'] & stat.S_IXUSR and modes['setup.sh'] & stat.S_IXUSR
    assert 'project/pyproject.toml' in names and 'project/cae_tf/grading/worker.py' in names
    assert 'project/cae_tf/handout/data/mnist/train-images-idx3-ubyte.gz' in names
    assert not any('__pycache__' in n for n in names)
    assert 'pip install --quiet /autograder/source/project' in setup


@pytest.fixture(scope='module')
def runs(bundle, tmp_path_factory):
    """Each notebook graded by run_autograder in its own stand-in root, and by `grade`."""
    folder = tmp_path_factory.mktemp('hand-ins')
    paths = []
    for name, edits in NOTEBOOKS.items():
        paths.append(str(folder / (name + '.ipynb')))
        nbformat.write(submission(edits), paths[-1])
    batch.grade_batch(paths, str(folder / 'grades'), jobs=2, log=None)
    with open(folder / 'grades' / 'grades.csv', newline='') as f:
        rows = {row['submission']: row for row in csv.DictReader(f)}
    results = {}
    for name, path in zip(NOTEBOOKS, paths):
        root = tmp_path_factory.mktemp('autograder-' + name)
        with zipfile.ZipFile(bundle) as z:
            z.extractall(root / 'source')
        (root / 'submission').mkdir()
        nbformat.write(nbformat.read(path, as_version=4), str(root / 'submission' / 'hw.ipynb'))
        env = dict(os.environ, AUTOGRADER_ROOT=str(root), CAE_TF_PYTHON=sys.executable,
                   PYTHONPATH=str(root / 'source' / 'project'))  # the bundle's copy, not ours
        proc = subprocess.run(['bash', str(root / 'source' / 'run_autograder')], env=env,
                              capture_output=True, text=True, timeout=1200)
        assert proc.returncode == 0, proc.stderr[-2000:]
        results[name] = json.loads((root / 'results' / 'results.json').read_text())
    return rows, results


@pytest.mark.parametrize('name', NOTEBOOKS)
def test_results_json_follows_the_specification_and_equals_grades_row(runs, name):
    rows, results = runs
    check_results_json(results[name])
    assert results[name]['score'] == float(rows[name]['total'])
    by_part = {}
    for test in results[name]['tests']:
        part = int(test['name'].split(':')[0].split()[1])
        by_part[part] = by_part.get(part, 0) + test['score']
    assert {p: round(s, 1) for p, s in by_part.items()} == \
        {p: float(rows[name]['part%d' % p]) for p in by_part}


def test_the_seed_scores_100_and_the_fault_less(runs):
    _, results = runs
    assert results['seed']['score'] == 100.0
    assert results['too_few_steps']['score'] < 100.0
    failed = [t['name'] for t in results['too_few_steps']['tests'] if t['status'] == 'failed']
    assert 'Part 5: schedule' in failed and all(t['output'] for t in results['seed']['tests'])
