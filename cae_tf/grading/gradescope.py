"""The Gradescope autograder's run, after Gradescope's published specification
(gradescope-autograders.readthedocs.io, "Autograder Specifications"): ``run_autograder`` (written
into the bundle by :mod:`cae_tf.release.bundle`) calls ``python -m cae_tf.grading.gradescope run``
per submission, which grades ``/autograder/submission/*.ipynb`` with this project's grader and
writes ``/autograder/results/results.json``. Each check becomes one test: its name,
score, max_score, status and message, visible to the student (messages say what is wrong in the
problem's words; the grader's inputs are drawn afresh and never shown). ``AUTOGRADER_ROOT``
replaces ``/autograder`` for a local run.
"""
import argparse
import glob
import json
import os
import resource
import sys
import tempfile
import time

from cae_tf.grading import batch, feedback, rows, sandbox
from cae_tf.grading import statuses as said
from cae_tf.grading.cgroups import MACHINE_MEMORY

ROOT_VARIABLE = 'AUTOGRADER_ROOT'
# What the bundle needs of Gradescope's container, measured on the seed's solution in the bundle
# (benchmarks/bench_gradescope.py; README, "Gradescope"): all its processes together peaked at
# 1.12 GB; 2 GB leaves room for a solution written differently.
MEMORY_GB = 2


def results_json(row, results, execution_time=None, figures=None, key=None, answers=None):
    """Return Gradescope's results.json content for one graded submission.

    The feedback page's content in the formats the specification allows: each test's output as
    ``html`` (what failed, what was measured, the notebook's sentence), the top level's as
    ``html`` (the status, and the student's figures beside the answer key's).

    Args:
        row: the grader's CSV row (``total``, ``status``).
        results: the worker's list of checks (``part``, ``name``, ``points``, ``passed``,
            ``message``, ``measured``).
        figures, key: the student's figures and the answer key's, ``{part: [base64 PNG]}``.
        answers: the written discussions (the worker's ``discussions``), each shown to graders
            as a visible test of 0 points: people grade them in the assignment's outline.
    """
    tests = [{'name': 'Part %d: %s' % (r['part'], r['name']),
              'number': '%d.%d' % (r['part'], i + 1),
              'score': float(round(r['points'] if r['passed'] else 0.0, 4)),
              'max_score': float(round(r['points'], 4)),
              'status': 'passed' if r['passed'] else 'failed',
              'output': feedback.check_html(r), 'output_format': 'html',
              'visibility': 'visible'}
             for i, r in enumerate(results)]
    tests += [discussion_test(int(n), a) for n, a in sorted((answers or {}).items(),
                                                             key=lambda item: int(item[0]))]
    if MACHINE_MEMORY in row['status']:
        row = dict(row, status=said.GRADESCOPE_MEMORY.say(gb=MEMORY_GB, status=row['status']))
    output = feedback.body(row['submission'], row, results, figures or {},
                           feedback.answer_key() if key is None else key, tables=False)
    out = {'score': float(row['total']), 'output': output, 'output_format': 'html',
           'test_output_format': 'html', 'visibility': 'visible', 'stdout_visibility': 'hidden',
           'tests': tests}
    if execution_time is not None:
        out['execution_time'] = int(execution_time)
    return out


def discussion_test(number, answer):
    """A written discussion as a test of 0 points holding the answer as text (Gradescope shows a
    test's output to graders; its manual questions carry the points)."""
    text = {'answered': answer.get('text', ''),
            'unanswered': '(left unanswered)'}.get(answer.get('status'), '(not found: the '
                                                    'discussion\'s cell was deleted)')
    return {'name': 'Discussion (%d): graded by course staff, not by the autograder' % number,
            'score': 0.0, 'max_score': 0.0, 'status': 'passed', 'output': text,
            'output_format': 'text', 'visibility': 'visible'}


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
            row = next(iter(rows.read_rows(os.path.join(out, 'grades.csv')).values()))
            graded = os.path.join(out, 'feedback', row['submission'])
            result = {}
            if os.path.exists(graded + '.json'):  # a worker that crashed wrote none
                with open(graded + '.json') as f:
                    result = json.load(f)
            figures = feedback.read_figures(graded)
        content = results_json(row, result.get('results', []), time.monotonic() - started,
                               figures, answers=result.get('discussions'))
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
