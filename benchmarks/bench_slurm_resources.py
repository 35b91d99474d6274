"""What grading one submission takes, as ``slurm`` asks for it: the seed's solution graded by
``python -m cae_tf grade --jobs 1`` in a cgroup of its own (memory, and CPU time).

    .venv/bin/python benchmarks/bench_slurm_resources.py [--n-iter 5000]

Prints the wall time, the CPU time and the peak memory of all its processes together (the
sandbox's own cgroups nest under it), beside ``cae_tf.limits.SEED_GRADING`` (what ``slurm``
sizes its tasks from) and their ratios. Root only (cgroup v1 with cpuacct, or v2).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine  # noqa: E402
from bench_end_to_end import make_submissions  # noqa: E402

from cae_tf.grading import cgroups  # noqa: E402
from cae_tf.limits import SEED_GRADING  # noqa: E402

CPUACCT_V1 = '/sys/fs/cgroup/cpuacct'


def cpu_group(memory_group, name):
    """``(folder to join, function giving its CPU seconds)``: v2's memory group counts CPU
    itself (cpu.stat); v1 needs a cpuacct group of its own."""
    if memory_group.version == 2:
        def seconds():
            with open(os.path.join(memory_group.path, 'cpu.stat')) as f:
                return int(dict(line.split() for line in f)['usage_usec']) / 1e6
        return None, seconds
    folder = os.path.join(CPUACCT_V1, name)
    os.makedirs(folder, exist_ok=True)

    def seconds():
        with open(os.path.join(folder, 'cpuacct.usage')) as f:
            return int(f.read()) / 1e9
    return folder, seconds


def join(procs_files):
    """Put this process (the child, before it runs the grader) into the cgroups."""
    for path in procs_files:
        with open(path, 'w') as f:
            f.write(str(os.getpid()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--n-iter', type=int, default=5000, help='training steps')
    args = parser.parse_args(argv)
    print(machine())
    name = 'cae_tf-bench-%d' % os.getpid()
    group = cgroups.Cgroup.make('memory', name, 'max')
    if group is None:
        sys.exit('needs a memory cgroup (run as root)')
    cpu_folder, cpu_seconds = cpu_group(group, name)
    joins = [os.path.join(f, 'cgroup.procs') for f in (group.path, cpu_folder) if f]
    with tempfile.TemporaryDirectory(dir='/var/tmp') as folder:
        os.chmod(folder, 0o755)
        notebook = make_submissions(folder, 1, args.n_iter, 20)[0]
        started = time.monotonic()
        proc = subprocess.run([sys.executable, '-m', 'cae_tf', 'grade', notebook, '--out',
                               os.path.join(folder, 'grades'), '--jobs', '1'],
                              preexec_fn=lambda: join(joins), capture_output=True, text=True)
        wall = time.monotonic() - started
    cpu, peak = cpu_seconds(), group.peak()
    group.remove()
    if cpu_folder:
        os.rmdir(cpu_folder)
    if proc.returncode != 0:
        sys.exit('grade failed:\n' + proc.stderr[-3000:])
    print(proc.stdout.strip().splitlines()[0])
    print('steps: %d' % args.n_iter)
    print('measured:     wall %.0f s, CPU %.0f s, peak %.0f MB' % (wall, cpu, peak / 2 ** 20))
    print('SEED_GRADING: wall %d s, CPU %d s, peak %d MB' % (
        SEED_GRADING.wall_seconds, SEED_GRADING.cpu_seconds, SEED_GRADING.peak_mb))
    print('ratio measured / SEED_GRADING: wall %.2f, CPU %.2f, peak %.2f' % (
        wall / SEED_GRADING.wall_seconds, cpu / SEED_GRADING.cpu_seconds,
        peak / 2 ** 20 / SEED_GRADING.peak_mb))


if __name__ == '__main__':
    main()
