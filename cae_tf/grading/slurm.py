"""Grading on a Slurm cluster: ``python -m cae_tf slurm HAND-INS --out DIR --array N``.

Two batch scripts are written into ``DIR/slurm/`` and submitted with ``sbatch``:

- ``grade.sbatch``, an array job of N tasks: task K runs ``grade --shard K/N --out DIR/shards/K``
  with the grading options given;
- ``merge.sbatch``, held until every task has ended (``--dependency=afterany``): ``merge`` joins
  ``DIR/shards/*`` into ``DIR``. It runs even when a task failed, and then fails naming the shard
  to grade again (with ``afterok`` it would wait forever in the queue instead).

Each task asks for what grading the seed's solution was measured to take
(:data:`cae_tf.limits.SEED_GRADING`), for its share of the class: see :func:`resources`. The
cluster's nodes must see ``DIR``, the hand-ins and this Python at the same paths (a shared file
system, as on clusters); the jobs start in the folder the command ran from, with its environment.
"""
import collections
import math
import os
import shlex
import subprocess
import sys

from cae_tf.grading import shards
from cae_tf.limits import MiB, SEED_GRADING, WORKER_CEILING_MB

Plan = collections.namedtuple('Plan', 'paths out_dir count grade_argv jobs limits budget '
                              'partition account minutes')
Resources = collections.namedtuple('Resources', 'cpus memory_mb minutes')
STARTUP = 120  # s: a task's Python, TensorFlow and sandbox check before its first submission


def resources(graded, jobs, limits, budget, measured=SEED_GRADING,
              worker_mb=WORKER_CEILING_MB):
    """What a task grading ``graded`` submissions, ``jobs`` at once, asks for.

    CPUs: ``jobs`` x the CPUs the seed's grading kept busy (its CPU time over its wall time,
    rounded up). Memory: ``jobs`` x (the submission's own limit + the ceiling of the grader's
    worker, whatever a submission sends, or the seed's measured peak if larger). Time: twice the
    seed's wall time for each submission a worker grades in turn, one whole ``budget`` more (room
    for one submission that spends all of its), and the start.
    """
    cpus = jobs * math.ceil(measured.cpu_seconds / measured.wall_seconds)
    memory_mb = jobs * max(limits.memory // MiB + worker_mb, measured.peak_mb)
    seconds = STARTUP + math.ceil(graded / jobs) * 2 * measured.wall_seconds + budget
    return Resources(cpus, memory_mb, math.ceil(seconds / 60))


def _time(minutes):
    return '%d-%02d:%02d:00' % (minutes // 1440, minutes // 60 % 24, minutes % 60)


def _header(plan, name, log):
    lines = ['#!/bin/bash', '#SBATCH --job-name=%s' % name, '#SBATCH --output=%s' % log]
    lines += ['#SBATCH --partition=%s' % plan.partition] * bool(plan.partition)
    lines += ['#SBATCH --account=%s' % plan.account] * bool(plan.account)
    return lines


def grade_script(plan):
    """The array job's script: task K grades shard K/N."""
    out_dir = os.path.abspath(plan.out_dir)
    largest = len(shards.select(plan.paths, 0, plan.count))  # shard 0 is never smaller
    need = resources(largest, plan.jobs, plan.limits, plan.budget)
    lines = _header(plan, 'cae_tf-grade', os.path.join(out_dir, 'slurm', 'grade-%A_%a.out'))
    lines += ['#SBATCH --array=0-%d' % (plan.count - 1), '#SBATCH --ntasks=1',
              '#SBATCH --cpus-per-task=%d' % need.cpus, '#SBATCH --mem=%dM' % need.memory_mb,
              '#SBATCH --time=%s' % _time(plan.minutes or need.minutes),
              '# Written by `python -m cae_tf slurm`: shard K of %d per task; resources from the'
              % plan.count,
              '# seed\'s solution graded in %d s (%d s of CPU, %d MB at the peak); at most %d'
              ' submissions per task.'
              % (SEED_GRADING.wall_seconds, SEED_GRADING.cpu_seconds, SEED_GRADING.peak_mb,
                 largest),
              'set -eu', 'K=$SLURM_ARRAY_TASK_ID',
              'exec %s -m cae_tf grade --shard "$K/%d" --out %s/"$K" %s \\'
              % (shlex.quote(sys.executable), plan.count,
                 shlex.quote(os.path.join(out_dir, 'shards')),
                 ' '.join(map(shlex.quote, plan.grade_argv)))]
    lines += ['    %s \\' % shlex.quote(os.path.abspath(p)) for p in plan.paths[:-1]]
    lines += ['    %s' % shlex.quote(os.path.abspath(plan.paths[-1]))]
    return '\n'.join(lines) + '\n'


def merge_script(plan):
    """The merge job's script: every shard's folder joined into ``out_dir``."""
    out_dir = os.path.abspath(plan.out_dir)
    folders = ' '.join(shlex.quote(os.path.join(out_dir, 'shards', str(k)))
                       for k in range(plan.count))
    lines = _header(plan, 'cae_tf-merge', os.path.join(out_dir, 'slurm', 'merge-%j.out'))
    lines += ['#SBATCH --ntasks=1', '#SBATCH --cpus-per-task=1', '#SBATCH --mem=1024M',
              '#SBATCH --time=0-00:15:00', 'set -eu',
              'exec %s -m cae_tf merge %s --out %s' % (shlex.quote(sys.executable), folders,
                                                      shlex.quote(out_dir))]
    return '\n'.join(lines) + '\n'


def _check(plan):
    """Refuse now what every task would refuse after its wait in the queue: another class's
    shards in ``out_dir/shards``; and values that would break an ``#SBATCH`` line."""
    for key, value in (('--out', plan.out_dir), ('--partition', plan.partition),
                       ('--account', plan.account)):
        if value and (any(c.isspace() for c in value) or '%' in value):
            raise ValueError('%s %r: Slurm\'s #SBATCH lines take no spaces or %% here'
                             % (key, value))
    for k in range(plan.count):
        folder = os.path.join(os.path.abspath(plan.out_dir), 'shards', str(k))
        if os.path.exists(os.path.join(folder, shards.MANIFEST)):
            held = shards.read_record(os.path.join(folder, shards.MANIFEST))
            if held != shards.manifest(plan.paths, k, plan.count):
                raise ValueError('%s holds a shard of another grading (%d submissions in %d '
                                 'shards): remove %s or give another --out'
                                 % (folder, len(held['class']), held['of'],
                                    os.path.dirname(folder)))


def sbatch(arguments):
    """Submit with ``sbatch --parsable``; return the job id. ValueError with sbatch's message."""
    try:
        done = subprocess.run(['sbatch', '--parsable', *arguments], capture_output=True,
                              text=True, timeout=120)
    except FileNotFoundError:
        raise ValueError('sbatch not found: run this where Slurm\'s commands are (a login '
                         'node of the cluster)') from None
    if done.returncode != 0:
        raise ValueError('sbatch %s failed: %s' % (' '.join(arguments), done.stderr.strip()))
    return done.stdout.strip().split(';')[0]


def submit(plan, dry_run=False):
    """Write the two scripts and submit them (``dry_run``: only say how); return what to tell
    staff: the jobs, and how to follow them."""
    if plan.count > len(plan.paths):
        raise ValueError('--array %d for %d submissions: at most one task per submission'
                         % (plan.count, len(plan.paths)))
    _check(plan)
    folder = os.path.join(os.path.abspath(plan.out_dir), 'slurm')
    os.makedirs(folder, exist_ok=True)
    scripts = {}
    for name, text in (('grade.sbatch', grade_script(plan)), ('merge.sbatch', merge_script(plan))):
        scripts[name] = os.path.join(folder, name)
        with open(scripts[name], 'w') as f:
            f.write(text)
    if dry_run:
        return ('sbatch %s\nsbatch --dependency=afterany:<its job id> %s\n'
                % (scripts['grade.sbatch'], scripts['merge.sbatch']))
    grading = sbatch([scripts['grade.sbatch']])
    merging = sbatch(['--dependency=afterany:%s' % grading, scripts['merge.sbatch']])
    return ('submitted: array job %s (%d shards of %d submissions), merge job %s after it\n'
            'follow:    squeue -j %s,%s\n'
            'after:     sacct -j %s,%s --format=JobID,JobName,State,Elapsed,MaxRSS  '
            '(where the cluster keeps accounting)\n'
            'logs:      %s\ngrades:    %s when job %s has ended\n'
            % (grading, plan.count, len(plan.paths), merging, grading, merging, grading,
               merging, folder, os.path.join(os.path.abspath(plan.out_dir), 'grades.csv'),
               merging))
