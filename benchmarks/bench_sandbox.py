"""Grading throughput with the sandbox against without it, in one run (issue: within 10 %).

    .venv/bin/python benchmarks/bench_sandbox.py [--submissions 2 --rounds 3 --jobs 1]

Grades the same seed submissions with and without bubblewrap, interleaved, and prints the
medians and ``speedup: X.XX`` = time unisolated / time sandboxed (1.00: the sandbox costs
nothing; 0.90: it costs 10 %).
"""
import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import interleave, machine  # noqa: E402
from bench_end_to_end import make_submissions  # noqa: E402

from cae_tf.grading import batch, rows as csv_rows  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--submissions', type=int, default=2)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--jobs', type=int, default=1)
    parser.add_argument('--n-iter', type=int, default=5000, help='training steps per submission')
    parser.add_argument('--grid', type=int, default=20, help='manifold points per side, part (10)')
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        paths = make_submissions(folder, args.submissions, args.n_iter, args.grid)
        runs = {'count': 0}

        def grade(isolate):
            runs['count'] += 1
            out = os.path.join(folder, 'grades-%d' % runs['count'])
            batch.grade_batch(paths, out, jobs=args.jobs, log=None, isolate=isolate)
            rows = csv_rows.read_rows(os.path.join(out, 'grades.csv'))
            return {'mean_total': statistics.mean(float(r['total']) for r in rows.values())}
        results = interleave({'sandbox': lambda: grade(True),
                              'unisolated': lambda: grade(False)}, args.rounds)
    median = {name: statistics.median(r['seconds'] for r in results[name]) for name in results}
    n = args.submissions
    print('machine: %s' % machine())
    print('%d submission(s) of %d steps, --jobs %d, %d round(s), medians'
          % (n, args.n_iter, args.jobs, args.rounds))
    for name in ('sandbox', 'unisolated'):
        print('%-11s %6.1f s  %.2f submissions/min  (mean total %.1f)' % (
            name, median[name], 60 * n / median[name],
            statistics.mean(r['mean_total'] for r in results[name])))
    print('speedup: %.2f' % (median['unisolated'] / median['sandbox']))


if __name__ == '__main__':
    main()
