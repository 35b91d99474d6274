"""A Gradescope autograder for the homework, after Gradescope's published specification
(gradescope-autograders.readthedocs.io, "Autograder Specifications").

The zip holds ``setup.sh`` (run once on their Ubuntu image: installs Python, bubblewrap and this
project from the copy in the zip), ``run_autograder`` (run per submission: grades
``/autograder/submission/*.ipynb`` with this project's grader and writes
``/autograder/results/results.json``) and ``project/``. Each check becomes one test: its name,
score, max_score, status and message, visible to the student (messages say what is wrong in the
problem's words; the grader's inputs are drawn afresh and never shown). ``AUTOGRADER_ROOT``
replaces ``/autograder`` for a local run.
"""
import argparse
import glob
import json
import os
import sys
import tempfile
import zipfile

from cae_tf.grading import feedback
from cae_tf.grading.cgroups import MACHINE_MEMORY

ROOT_VARIABLE = 'AUTOGRADER_ROOT'
PROJECT_FILES = ('pyproject.toml', 'README.md', 'cae_tf')

KERNEL_USER = 'cae-tf-kernel'  # sandbox.KERNEL_USERS[0]
# What the bundle needs of Gradescope's container, measured on the seed's solution in the bundle
# (benchmarks/bench_gradescope.py; README, "Gradescope"): all its processes together peaked at
# 1.12 GB; 2 GB leaves room for a solution written differently.
MEMORY_GB = 2
SETUP_SH = '''#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu image (the autograder specification).
set -euo pipefail
apt-get install -y python3 python3-pip python3-venv bubblewrap
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet /autograder/source/project
# Submissions run as this unprivileged user: it may read the interpreter and its packages, never
# write them, and never read the grader's copy of the project (which holds the answer key).
id -u %(user)s >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin %(user)s
chown -R root:root /autograder/source /autograder/venv
chmod -R go-w /autograder/source /autograder/venv
chmod 0700 /autograder/source
chmod 0700 /autograder/venv/lib/python3*/site-packages/cae_tf
''' % {'user': KERNEL_USER}
RUN_AUTOGRADER = '''#!/usr/bin/env bash
# Gradescope runs this for each submission; it writes /autograder/results/results.json.
ROOT="${%s:-/autograder}"
PYTHON="${CAE_TF_PYTHON:-$ROOT/venv/bin/python}"
exec "$PYTHON" -m cae_tf.grading.gradescope run --root "$ROOT"
''' % ROOT_VARIABLE


def write_bundle(zip_path, project_root):
    """Write the autograder zip: setup.sh, run_autograder and the project (its package)."""
    with zipfile.ZipFile(zip_path, 'w', zipfile.ZIP_DEFLATED) as bundle:
        for name, text in (('setup.sh', SETUP_SH), ('run_autograder', RUN_AUTOGRADER)):
            info = zipfile.ZipInfo(name, date_time=(2020, 5, 5, 0, 0, 0))
            info.external_attr = 0o755 << 16  # executable, as the specification asks
            bundle.writestr(info, text)
        for name in PROJECT_FILES:
            _add(bundle, os.path.join(project_root, name), 'project/' + name)
    return zip_path


def _add(bundle, path, arcname):
    if os.path.isfile(path):
        bundle.write(path, arcname)
        return
    for base, folders, names in os.walk(path):
        folders[:] = [f for f in folders if f != '__pycache__' and not f.endswith('.egg-info')]
        for name in sorted(names):
            full = os.path.join(base, name)
            bundle.write(full, os.path.join(arcname, os.path.relpath(full, path)))


def results_json(row, results, execution_time=None, figures=None, key=None):
    """Return Gradescope's results.json content for one graded submission.

    The feedback page's content in the formats the specification allows: each test's output as
    ``html`` (what failed, what was measured, the notebook's sentence), the top level's as
    ``html`` (the status, and the student's figures beside the answer key's).

    Args:
        row: the grader's CSV row (``total``, ``status``).
        results: the worker's list of checks (``part``, ``name``, ``points``, ``passed``,
            ``message``, ``measured``).
        figures, key: the student's figures and the answer key's, ``{part: [base64 PNG]}``.
    """
    tests = [{'name': 'Part %d: %s' % (r['part'], r['name']),
              'number': '%d.%d' % (r['part'], i + 1),
              'score': float(round(r['points'] if r['passed'] else 0.0, 4)),
              'max_score': float(round(r['points'], 4)),
              'status': 'passed' if r['passed'] else 'failed',
              'output': feedback.check_html(r), 'output_format': 'html',
              'visibility': 'visible'}
             for i, r in enumerate(results)]
    if MACHINE_MEMORY in row['status']:
        row = dict(row, status='The autograder needs %d GB of memory: raise it in the '
                   'assignment\'s settings (Autograder settings, container specifications). %s'
                   % (MEMORY_GB, row['status']))
    output = feedback.body(row['submission'], row, results, figures or {},
                           feedback.answer_key() if key is None else key, tables=False)
    out = {'score': float(row['total']), 'output': output, 'output_format': 'html',
           'test_output_format': 'html', 'visibility': 'visible', 'stdout_visibility': 'hidden',
           'tests': tests}
    if execution_time is not None:
        out['execution_time'] = int(execution_time)
    return out


def _results_folder(root):
    """``root/results``, the grader's alone: made, or taken back, root's and closed to others'
    writes, so that nothing the submission left can put a file there."""
    results = os.path.join(root, 'results')
    os.makedirs(results, exist_ok=True)
    if os.geteuid() == 0:
        os.chown(results, 0, 0)
    os.chmod(results, 0o755)
    return results


def write_results(results, content):
    """Write results.json whole, in one step (a reader never sees half of it)."""
    fd, tmp = tempfile.mkstemp(dir=results, prefix='.results-')
    with os.fdopen(fd, 'w') as f:
        json.dump(content, f, indent=1)
    os.chmod(tmp, 0o644)
    os.replace(tmp, os.path.join(results, 'results.json'))


def run(root):
    """Grade the notebook in ``root/submission`` and write ``root/results/results.json``."""
    import resource
    import time
    from cae_tf.grading import batch, sandbox
    started = time.monotonic()
    notebooks = sorted(glob.glob(os.path.join(root, 'submission', '**', '*.ipynb'),
                                 recursive=True))
    results = _results_folder(root)
    if not notebooks:
        content = {'score': 0.0, 'output': 'No .ipynb file was submitted.', 'tests': []}
    else:
        try:
            sandbox.check()
            isolate = True
        except sandbox.SandboxError:
            isolate = False  # each submission already has a container of its own there
        with tempfile.TemporaryDirectory() as out:
            batch.grade_batch(notebooks[:1], out, isolate=isolate, log=None)
            row = next(iter(batch._read_rows(os.path.join(out, 'grades.csv')).values()))
            graded = os.path.join(out, 'feedback', row['submission'])
            checks = []
            if os.path.exists(graded + '.json'):  # a worker that crashed wrote none
                with open(graded + '.json') as f:
                    checks = json.load(f)['results']
            figures = feedback.read_figures(graded)
        content = results_json(row, checks, time.monotonic() - started, figures)
    # every process of the submission is gone by now (the worker kills them before its row)
    write_results(results, content)
    print('largest process: %d MB' % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                                       // 1024))
    return content


def main(argv=None):
    parser = argparse.ArgumentParser(description='Gradescope entry point of the autograder')
    parser.add_argument('command', choices=['run'])
    parser.add_argument('--root', default=os.environ.get(ROOT_VARIABLE, '/autograder'))
    args = parser.parse_args(argv)
    content = run(args.root)
    print('score: %s' % content['score'])
    return 0


if __name__ == '__main__':
    sys.exit(main())
