"""What the Gradescope bundle needs of its container: memory, CPUs and time, measured on the seed's
solution graded by the bundle's own ``run_autograder`` in a stand-in of ``/autograder``.

    .venv/bin/python benchmarks/bench_gradescope.py [--n-iter 5000] [--sandbox]

Runs it in a memory cgroup of its own (root, cgroup v1 or v2) and prints the peak memory of all
its processes together (what a container's limit counts) and the wall time;
without ``--sandbox`` bubblewrap is made to fail as it does in Gradescope's Docker containers.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, machine  # noqa: E402
from bench_end_to_end import make_submissions  # noqa: E402

from cae_tf.grading import cgroups  # noqa: E402
from cae_tf.release.bundle import write_bundle  # noqa: E402

FAKE_BWRAP = '#!/bin/sh\necho "bwrap: Creating new namespace failed: Operation not permitted" >&2\nexit 1\n'


def stand_in(folder, notebook):
    """``folder`` laid out as Gradescope's /autograder: source (the bundle), submission."""
    bundle = write_bundle(os.path.join(folder, 'bundle.zip'), ROOT)
    with zipfile.ZipFile(bundle) as z:
        z.extractall(os.path.join(folder, 'source'))
    os.makedirs(os.path.join(folder, 'submission'))
    os.replace(notebook, os.path.join(folder, 'submission', 'hw.ipynb'))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--n-iter', type=int, default=5000, help='training steps')
    parser.add_argument('--sandbox', action='store_true', help='let bubblewrap work')
    args = parser.parse_args(argv)
    print(machine())
    with tempfile.TemporaryDirectory(dir='/var/tmp') as folder:
        os.chmod(folder, 0o755)
        stand_in(folder, make_submissions(folder, 1, args.n_iter, 20)[0])
        env = dict(os.environ, AUTOGRADER_ROOT=folder, CAE_TF_PYTHON=sys.executable,
                   PYTHONPATH=os.path.join(folder, 'source', 'project'))
        if not args.sandbox:
            os.makedirs(os.path.join(folder, 'bin'))
            with open(os.path.join(folder, 'bin', 'bwrap'), 'w') as f:
                f.write(FAKE_BWRAP)
            os.chmod(os.path.join(folder, 'bin', 'bwrap'), 0o755)
            env['PATH'] = os.path.join(folder, 'bin') + os.pathsep + env['PATH']
        group = cgroups.Cgroup.make('memory', 'cae_tf-bench-%d' % os.getpid(), 'max')
        if group is None:
            sys.exit('needs a memory cgroup (run as root)')
        started = time.monotonic()
        proc = subprocess.run(
            ['sh', '-c', 'echo $$ > "$0" && exec bash "$1"',
             os.path.join(group.path, 'cgroup.procs'),
             os.path.join(folder, 'source', 'run_autograder')], env=env, capture_output=True,
            text=True)
        wall = time.monotonic() - started
        peak = group.peak()
        group.remove()
        if proc.returncode != 0:
            sys.exit('run_autograder failed:\n' + proc.stderr[-3000:])
        with open(os.path.join(folder, 'results', 'results.json')) as f:
            score = json.load(f)['score']
    print('sandbox: %s, steps: %d, exit %d, score %.1f' % (
        'bubblewrap' if args.sandbox else 'unavailable (fallback)', args.n_iter,
        proc.returncode, score))
    print('peak memory, all processes: %.2f GB' % (peak / 1e9))
    print('wall time: %.0f s on %d CPUs' % (wall, os.cpu_count() or 0))


if __name__ == '__main__':
    main()
