"""The Gradescope autograder bundle, run in a local stand-in of Gradescope's layout
(``AUTOGRADER_ROOT`` for ``/autograder``), against the fields of its specification and against
`grade`'s rows for the same notebooks."""
import csv
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile

import nbformat
import pytest

from cae_tf.grading import batch, gradescope, sandbox
from cae_tf.grading.registry import PARTS
from cae_tf.release.bundle import KERNEL_USER, write_bundle
from cae_tf.grading.cgroups import MACHINE_MEMORY
from leftovers import running_with
from needs_sandbox import needs_sandbox
from seed_submission import SEED_CELLS, replace, submission

pytestmark = [pytest.mark.slow, needs_sandbox]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VISIBILITY = {'hidden', 'after_due_date', 'after_published', 'visible'}
# "Output String Formatting" of the specification: the values a format field may take.
FORMATS = {'text', 'html', 'simple_format', 'md', 'ansi'}
NOTEBOOKS = {'seed': {}, 'too_few_steps': {5: replace(5, 'n_iter = 5000', 'n_iter = 200')}}


def check_results_json(content):
    """Assert ``content`` has the fields Gradescope's specification asks for, with their types."""
    assert isinstance(content['score'], float)
    assert content.get('visibility', 'visible') in VISIBILITY
    assert content.get('stdout_visibility', 'visible') in VISIBILITY
    assert isinstance(content.get('execution_time', 0), int)
    assert isinstance(content.get('output', ''), str)
    for field in ('output_format', 'test_output_format', 'test_name_format'):
        assert content.get(field, 'text') in FORMATS
    for test in content['tests']:
        assert test.get('output_format', 'text') in FORMATS
        assert test.get('name_format', 'text') in FORMATS
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
    return write_bundle(str(path), ROOT)


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
    checks = [t for t in results[name]['tests'] if t['name'].startswith('Part ')]
    assert [t['name'].split(':')[0] for t in results[name]['tests'] if t not in checks] == \
        ['Discussion (9)', 'Discussion (10)']  # 0 points each, for people to grade
    for test in checks:
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
    # the page's content: the student's figures of parts (5)-(10) beside the answer key's
    output = results['seed']['output']
    for part in range(5, 11):
        section = output[output.index('<details id="part-%d" open>' % part):]
        section = section[:section.index('</details>')]
        assert section.count('<img alt="yours') >= PARTS[part].figures.count
        assert section.count('<img alt="answer key') >= PARTS[part].figures.count
    schedule = [t for t in results['too_few_steps']['tests'] if t['name'] == 'Part 5: schedule']
    assert 'The notebook says: Keep <code>n_batch</code>, <code>n_iter</code> and' in \
        schedule[0]['output']


FAKE_BWRAP = ('#!/bin/sh\n# as bubblewrap fails in a Docker container (no CAP_SYS_ADMIN, seccomp)\n'
              'echo "bwrap: Creating new namespace failed: Operation not permitted" >&2\nexit 1\n')
MARKER = 'cae_tf-test-rewriter-%d' % os.getpid()
# the published attack: a process left behind rewrites results.json after the grader wrote it,
# and patches the grader
REWRITER = '''import subprocess, sys
keep = """import json, time
while True:
    try:
        with open(%(results)r, 'w') as f:
            json.dump({'score': 100.0, 'tests': []}, f)
    except OSError:
        pass
    for path in %(grader)r:
        try:
            with open(path, 'a') as f:
                f.write('# patched')
        except OSError:
            pass
    time.sleep(0.01)"""
subprocess.Popen([sys.executable, '-c', keep, %(marker)r], start_new_session=True)'''


def digest(folder):
    """Each file's sha256 (but the byte code Python, as root, caches beside the grader's code)."""
    found = {}
    for base, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if f != '__pycache__']
        for name in names:
            with open(os.path.join(base, name), 'rb') as f:
                found[os.path.join(base, name)] = hashlib.sha256(f.read()).hexdigest()
    return found


def test_without_namespaces_a_submission_cannot_set_its_own_grade(bundle, runs, tmp_path):
    """Gradescope's container, where bubblewrap cannot make namespaces nor the grader cgroups:
    the kernel runs as an unprivileged user, its leftover process is killed, the honest grade
    stays, the grader's files are as they were."""
    rows, _ = runs
    root = tempfile.mkdtemp(dir='/var/tmp', prefix='cae_tf-autograder-')  # open as /autograder
    os.chmod(root, 0o755)
    try:
        with zipfile.ZipFile(bundle) as z:
            z.extractall(os.path.join(root, 'source'))
        os.chmod(os.path.join(root, 'source'), 0o700)  # as setup.sh leaves it
        grader = [os.path.join(root, 'source', 'run_autograder'),
                  os.path.join(root, 'source', 'project', 'cae_tf', 'grading', 'worker.py')]
        results = os.path.join(root, 'results', 'results.json')
        attack = REWRITER % {'results': results, 'grader': grader, 'marker': MARKER}
        edits = {**NOTEBOOKS['too_few_steps'], 10: [SEED_CELLS[10], attack]}
        os.makedirs(os.path.join(root, 'submission'))
        nbformat.write(submission(edits), os.path.join(root, 'submission', 'hw.ipynb'))
        (tmp_path / 'bin').mkdir()
        (tmp_path / 'bin' / 'bwrap').write_text(FAKE_BWRAP)
        (tmp_path / 'bin' / 'bwrap').chmod(0o755)
        (tmp_path / 'no-cgroups').mkdir()
        before = digest(os.path.join(root, 'source'))
        env = dict(os.environ, AUTOGRADER_ROOT=root, CAE_TF_PYTHON=sys.executable,
                   PYTHONPATH=os.path.join(root, 'source', 'project'),
                   PATH='%s:%s' % (tmp_path / 'bin', os.environ['PATH']),
                   CAE_TF_CGROUP_ROOT=str(tmp_path / 'no-cgroups'))
        proc = subprocess.run(['bash', os.path.join(root, 'source', 'run_autograder')], env=env,
                              capture_output=True, text=True, timeout=1200)
        assert proc.returncode == 0, proc.stderr[-2000:]
        time.sleep(1)  # a rewriter still running would have struck by now
        with open(results) as f:
            content = json.load(f)
        left = running_with(MARKER)
        after = digest(os.path.join(root, 'source'))
    finally:
        shutil.rmtree(root)
    check_results_json(content)
    assert content['score'] == float(rows['too_few_steps']['total']) < 100
    assert 'unisolated (no sandbox)' in content['output']
    assert after == before
    assert left == []


def test_setup_makes_the_kernel_user_and_closes_the_grader_to_it(bundle):
    with zipfile.ZipFile(bundle) as z:
        setup = z.read('setup.sh').decode()
    assert 'useradd --system' in setup and KERNEL_USER in setup
    assert KERNEL_USER == sandbox.KERNEL_USERS[0]
    assert 'chmod 0700 /autograder/source' in setup
    assert 'chmod -R go-w /autograder/source /autograder/venv' in setup


def test_a_container_that_kills_for_memory_says_how_much_it_needs():
    row = {'submission': 'hw', 'total': 10.0,
           'status': 'cell 12 stopped the kernel; ' + MACHINE_MEMORY}
    content = gradescope.results_json(row, [])
    assert ('Status: not graded: The autograder needs %d GB of memory: raise it in the '
            'assignment&#x27;s settings' % gradescope.MEMORY_GB) in content['output']


def test_an_unreadable_notebook_gets_its_results_json_saying_why(tmp_path):
    """A hand-in nested 100000 deep is the hand-in's fault: zero, said, and results.json written
    (a grader error would have stopped the run with none)."""
    from cae_tf.grading import gradescope
    (tmp_path / 'submission').mkdir()
    (tmp_path / 'submission' / 'hw.ipynb').write_text(
        '{"cells": [], "metadata": %s%s}' % ('[' * 100000, ']' * 100000))
    content = gradescope.run(str(tmp_path))
    assert json.loads((tmp_path / 'results' / 'results.json').read_text()) == content
    assert content['score'] == 0.0 and content['tests'] == []
    assert 'unreadable notebook: nested too deeply to read' in content['output']
