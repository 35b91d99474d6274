"""The grader where staff install it: a virtual environment under /tmp (CI, shared machines),
which the sandbox's private /tmp must not hide, and a sandbox that cannot start a kernel, which
must stop the batch with the reason before a class gets zeros."""
import csv
import glob
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from cae_tf.grading.registry import PARTS
from needs_sandbox import needs_sandbox
from seed_submission import replace, submission

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def venv_under_tmp(folder):
    """A venv in ``folder`` (under /tmp) with cae_tf installed in it as pip would (a copy in its
    site-packages) and this environment's third-party packages reached through a .pth file."""
    venv = os.path.join(folder, 'venv')
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', venv], check=True)
    site = glob.glob(os.path.join(venv, 'lib', 'python*', 'site-packages'))[0]
    shutil.copytree(os.path.join(ROOT, 'cae_tf'), os.path.join(site, 'cae_tf'),
                    ignore=shutil.ignore_patterns('__pycache__'))
    with open(os.path.join(site, 'grader-packages.pth'), 'w') as f:
        f.write('\n'.join(p for p in sys.path if 'packages' in p and os.path.isdir(p)) + '\n')
    return os.path.join(venv, 'bin', 'python')


def grade(python, argv, cwd, env=None):
    env = {k: v for k, v in (env or os.environ).items() if k != 'PYTHONPATH'}
    return subprocess.run([python, '-m', 'cae_tf', 'grade', *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=1800)


@pytest.mark.slow
@needs_sandbox
def test_a_grader_installed_under_tmp_grades_the_seeds_solution(tmp_path):
    """The seed's solution trained 200 steps, not 5000 (its full score is test_sandbox's and
    test_release's): every part but (5) earns full marks, part (5) loses its training checks."""
    assert str(tmp_path).startswith('/tmp/')
    python = venv_under_tmp(str(tmp_path))
    nbformat.write(submission({5: replace(5, 'n_iter = 5000', 'n_iter = 200')}),
                   str(tmp_path / 'seed.ipynb'))
    proc = grade(python, [str(tmp_path / 'seed.ipynb'), '--out', str(tmp_path / 'grades')],
                 str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(tmp_path / 'grades' / 'grades.csv', newline='') as f:
        row = next(csv.DictReader(f))
    assert row['status'] == 'ok', row
    assert {p: float(row['part%d' % p]) for p in PARTS if p != 5} == \
        {p: float(part.points) for p, part in PARTS.items() if p != 5}
    assert float(row['part5']) <= PARTS[5].points - 8  # schedule and records at least


@needs_sandbox
def test_a_sandbox_that_cannot_start_a_kernel_stops_the_batch_with_the_reason(tmp_path):
    """A kernel that cannot start (here: bubblewrap passes the check but cannot find what it
    binds, as a venv under the hidden /tmp once was): nothing is graded, the reason is said, the
    exit status is not 0."""
    nbformat.write(submission(), str(tmp_path / 'seed.ipynb'))
    broken = str(tmp_path / 'broken')
    os.makedirs(broken)
    with open(os.path.join(broken, 'bwrap'), 'w') as f:
        f.write('#!/bin/sh\ncase "$*" in *" -- true") exec %s "$@";; esac\n'
                'echo "bwrap: Can\'t find source path /tmp/venv: Permission denied" >&2\nexit 1\n'
                % shutil.which('bwrap'))
    os.chmod(os.path.join(broken, 'bwrap'), 0o755)
    env = dict(os.environ, PATH=broken + os.pathsep + os.environ['PATH'])
    proc = grade(sys.executable, [str(tmp_path / 'seed.ipynb'), '--out',
                                  str(tmp_path / 'grades')], ROOT, env)
    assert proc.returncode == 2
    assert 'cannot run a trivial cell' in proc.stderr and 'Permission denied' in proc.stderr
    assert not (tmp_path / 'grades' / 'grades.csv').exists()
