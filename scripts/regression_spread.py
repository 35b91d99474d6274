"""How far a fresh run of a notebook moves its recorded numbers: the regression's spread.

    .venv/bin/python scripts/regression_spread.py                       # as is
    taskset -c 0 .venv/bin/python scripts/regression_spread.py          # one core
    TF_ENABLE_ONEDNN_OPTS=1 .venv/bin/python scripts/regression_spread.py   # oneDNN on

Executes the notebook (the solution by default) in a fresh kernel with this process's environment
(the notebook's defaults fill in what is not set), compares every number of every output with the
recorded one, and prints the largest relative difference per kind of line and overall, with the
comparison's verdict at the tolerance of pyproject.toml.
"""
import argparse
import os
import re
import sys
import tempfile

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from cae_tf import notebook, regression  # noqa: E402


def kind_of(text):
    """Name a line by its words, numbers left out: 'loss', 'MSE', 'new_data' ..."""
    words = re.findall(r'[A-Za-z_]+', text)
    return ' '.join(words[:3]) or 'numbers'


def spread(recorded, executed):
    """Return ``{kind: largest relative difference}`` over the numbers of matching lines."""
    largest = {}
    for before, after in zip(recorded.cells, executed.cells):
        lines = [regression.output_texts(c.get('outputs', [])) for c in (before, after)]
        for old, new in zip(*(sorted(t.items()) for t in lines)):
            for line_old, line_new in zip(''.join(old[1]).splitlines(),
                                          ''.join(new[1]).splitlines()):
                numbers_old = regression.split_numbers(line_old)[1]
                numbers_new = regression.split_numbers(line_new)[1]
                for a, b in zip(numbers_old, numbers_new):
                    rel = abs(a - b) / max(abs(a), 1e-12)
                    kind = kind_of(line_old)
                    largest[kind] = max(largest.get(kind, 0.0), rel)
    return largest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('notebook', nargs='?',
                        default=os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb'))
    args = parser.parse_args(argv)
    recorded = nbformat.read(args.notebook, as_version=4)
    executed = nbformat.read(args.notebook, as_version=4)
    with tempfile.TemporaryDirectory() as cwd:
        notebook.execute(executed, cwd, env={k: os.environ[k] for k in notebook.REGRESSION_ENV
                                             if k in os.environ})
    largest = spread(recorded, executed)
    for kind, rel in sorted(largest.items(), key=lambda item: -item[1]):
        print('%-30s %.1e' % (kind, rel))
    problems = [p for b, a in zip(recorded.cells, executed.cells)
                for p in regression.output_mismatches(b.get('outputs', []), a.get('outputs', []),
                                                      1e-4, 1e-6)]
    print('largest relative difference: %.1e; regression at rtol 1e-4: %s'
          % (max(largest.values(), default=0.0), 'passes' if not problems else
             'FAILS (%d outputs)' % len(problems)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
