"""How long and how much: the runner's and the grader's defaults, free of imports, so that the
command line can show them (``--help``) without loading the grader."""
import collections

# A cell of the homework's own notebooks, run by ``python -m cae_tf run`` and ``record``: staff's
# machines, trusted code, so generous (the 5000-step training cell takes 35-60 s here).
HOMEWORK_CELL_TIMEOUT = 600
# A cell of a submission: 300 s is about 5x the training cell here, so an honest loop on a slower
# machine passes while an endless one holds a worker 5 minutes, not 10.
CELL_TIMEOUT = 300
BUDGET = 1800  # a whole submission's time, all its runs included

Limits = collections.namedtuple('Limits', 'memory processes file_size output disk')
MiB = 1024 ** 2
# The homework's solution needs about 1.5 GiB, 60 threads, writes 11 MB (MNIST) and shows 8 MB of
# output (16 figures); each default leaves room for an honest solution written differently.
DEFAULT_LIMITS = Limits(memory=4096 * MiB, processes=256, file_size=100 * MiB, output=16 * MiB,
                        disk=1024 * MiB)

# Grading the seed's solution (5000 steps, in the sandbox) with `grade --jobs 1`, measured on an
# idle 2-core Intel Xeon VM in a cgroup of its own (benchmarks/bench_slurm_resources.py): 42 s,
# 58 s of CPU (about 1.4 CPUs busy), 1065 MB at the peak for all its processes together; the
# grader's worker alone 270 MB (its largest resident size). `slurm` sizes its tasks from these.
Measured = collections.namedtuple('Measured', 'wall_seconds cpu_seconds peak_mb worker_mb')
SEED_GRADING = Measured(wall_seconds=42, cpu_seconds=58, peak_mb=1065, worker_mb=270)

# The grader's worker, whatever a submission sends, by design: its own 240 MB (the grader, MNIST's
# test set), values.npz (64 MB on disk, 64 MB inflated: grading/probe.py), the text and the
# figures kept (4 x the output limit each: grading/kernel.py), the messages received and not yet
# read (4, and the one being read, of 2 x the output limit at most, each held about twice while
# it is decoded): 240 + 128 + 128 + 320 = 816 MB, rounded up. Measured under it for every kind of
# flood of 1 GB or more (tests/test_bounded.py: 176-307 MB); `slurm` sizes a task's memory on it.
WORKER_CEILING_MB = 1024
