"""End to end: the README's run command, one submission run once, and grading N submissions with
``--jobs 1`` and ``--jobs 2``, in one process, interleaved over rounds.

    .venv/bin/python benchmarks/bench_end_to_end.py                 # full: 5000 steps, N=4
    .venv/bin/python benchmarks/bench_end_to_end.py --submissions 2 --rounds 1
    .venv/bin/python benchmarks/bench_end_to_end.py --submissions 0 --rounds 3   # notebook only
    .venv/bin/python benchmarks/bench_end_to_end.py --submissions 0 --rounds 0 --cells  # per cell

The submissions are the seed's own solution (tests/seed_submission.py), 5000 training steps each.
Last line: ``speedup: X.XX``, the throughput of ``--jobs 2`` over ``--jobs 1``.
"""
import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))

from common import machine  # noqa: E402

from cae_tf.grading import batch as grade, rows as csv_rows  # noqa: E402
from cae_tf import notebook  # noqa: E402
from seed_submission import replace, submission  # noqa: E402


def make_submissions(folder, count, n_iter, grid):
    """Write ``count`` copies of the seed's submission; return their paths."""
    edits = {}
    if n_iter != 5000:
        edits[5] = replace(5, 'n_iter = 5000', 'n_iter = %d' % n_iter)
    if grid != 20:
        edits[10] = replace(10, 'nx = 20\nny = 20', 'nx = %d\nny = %d' % (grid, grid))
    nb = submission(edits)
    paths = []
    for k in range(count):
        paths.append(os.path.join(folder, 'student%02d.ipynb' % (k + 1)))
        nbformat.write(nb, paths[-1])
    return paths


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def run_homework(out):
    """The README's run command, without make's set-up check: the solution notebook, headless."""
    subprocess.run([sys.executable, '-m', 'cae_tf', 'run', '--out', out], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def cell_times(nb):
    """``[(seconds, first source line)]`` per code cell of ``nb`` executed with record_timing."""
    def at(cell, key):
        return datetime.datetime.fromisoformat(cell.metadata.execution[key].replace('Z', '+00:00'))
    return [((at(cell, 'shell.execute_reply') - at(cell, 'iopub.execute_input')).total_seconds(),
             (cell.source.splitlines() or [''])[0])
            for cell in nb.cells if cell.cell_type == 'code']


def print_cell_times(path, env):
    """Execute the notebook at ``path`` once as ``make homework`` does; print each cell's time."""
    nb = notebook.execute(nbformat.read(path, as_version=4), cwd=os.path.dirname(path),
                          env=env, record_timing=True)
    times = cell_times(nb)
    for seconds, line in times:
        print('  cell %6.2f s  %s' % (seconds, line[:70]))
    print('cells in all: %.1f s' % sum(seconds for seconds, _ in times))


def run_once(path, folder):
    """One submission executed as a student runs it: one kernel, every cell, no grading."""
    notebook.execute(nbformat.read(path, as_version=4), cwd=folder, allow_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--submissions', type=int, default=4)
    parser.add_argument('--rounds', type=int, default=1)
    parser.add_argument('--n-iter', type=int, default=5000, help='training steps per submission')
    parser.add_argument('--grid', type=int, default=20, help='manifold points per side, part (10)')
    parser.add_argument('--no-homework', action='store_true', help='skip the README run command')
    parser.add_argument('--cells', action='store_true',
                        help='also run the solution notebook once and print each cell\'s time')
    args = parser.parse_args(argv)
    if args.cells:
        print_cell_times(os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb'), notebook.FAST_ENV)

    times = {'homework': [], 'once': [], 'jobs1': [], 'jobs2': []}
    with tempfile.TemporaryDirectory() as folder:
        paths = make_submissions(folder, args.submissions, args.n_iter, args.grid)
        for r in range(args.rounds):
            variants = [('once', lambda: run_once(paths[0], folder))] if paths else []
            if not args.no_homework:
                variants.append(('homework', lambda: run_homework(os.path.join(folder, 'hw'))))
            jobs = [('jobs1', 1), ('jobs2', 2)] if paths else []
            for name, n in (jobs if r % 2 == 0 else jobs[::-1]):
                out = os.path.join(folder, 'grades-%s-%d' % (name, r))
                variants.append((name, lambda n=n, out=out: grade.grade_batch(
                    paths, out, jobs=n, log=None)))
            for name, function in variants:
                times[name].append(timed(function))
                print('round %d  %-8s %7.1f s' % (r + 1, name, times[name][-1]), flush=True)
        rows = csv_rows.read_rows(os.path.join(folder, 'grades-jobs1-0', 'grades.csv'))
    median = {name: statistics.median(t) for name, t in times.items() if t}
    n = args.submissions
    print('machine: %s' % machine())
    print('%d submission(s) of %d steps, grid %d, %d round(s), medians'
          % (n, args.n_iter, args.grid, args.rounds))
    if 'homework' in median:
        print('README run command (solution notebook): %.1f s (runs: %s)' % (
            median['homework'], ', '.join('%.1f' % t for t in times['homework'])))
    if not paths:
        print('speedup: 1.00')  # nothing to compare: the notebook alone was timed
        return
    print('totals graded (jobs 1): %s' % ', '.join(sorted({r['total'] for r in rows.values()})))
    print('one submission run once:                %.1f s' % median['once'])
    print('grading, per submission, --jobs 1:      %.1f s (%.2f x running it once)'
          % (median['jobs1'] / n, median['jobs1'] / n / median['once']))
    for name in ('jobs1', 'jobs2'):
        print('throughput --jobs %s: %.2f submissions/min' % (name[-1], 60 * n / median[name]))
    print('speedup: %.2f' % (median['jobs1'] / median['jobs2']))


if __name__ == '__main__':
    main()
