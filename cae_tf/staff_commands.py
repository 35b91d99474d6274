"""The staff's grading commands: ``grade``, ``merge``, ``slurm`` and ``similarity``; those that
publish what grading found are in :mod:`cae_tf.publish_commands`.

As in ``__main__``, each command is ``_<command>_parser`` declaring its arguments and
``_<command>`` running it; declaring imports nothing of the grader (``--help`` stays quick).
"""
import argparse
import os

from cae_tf import limits as defaults
from cae_tf import publish_commands


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError('must be a positive whole number, got %s' % text)
    return value


def shard(text):
    """``K/N`` -> ``(K, N)``: shard K (0 to N - 1) of N."""
    try:
        k, n = (int(part) for part in text.split('/'))
    except ValueError:
        raise argparse.ArgumentTypeError('a shard is K/N (e.g. 0/4), got %s' % text) from None
    if n < 1 or not 0 <= k < n:
        raise argparse.ArgumentTypeError('shard %s: N must be 1 or more and K from 0 to N-1'
                                         % text)
    return k, n


def _grade_options(parser):
    """The options of a grading run, shared by ``grade`` and ``slurm`` (which passes them on)."""
    limits, MiB = defaults.DEFAULT_LIMITS, defaults.MiB
    parser.add_argument('--jobs', type=positive, default=1, help='submissions graded at once')
    parser.add_argument('--timeout', type=positive, default=defaults.CELL_TIMEOUT,
                        metavar='SECONDS',
                        help='per cell (default: about 5x the solution\'s training cell here); a '
                        'cell running longer is interrupted, later cells run')
    parser.add_argument('--budget', type=positive, default=defaults.BUDGET, metavar='SECONDS',
                        help='per submission; cells left when it is spent are not run')
    parser.add_argument('--no-sandbox', action='store_true', help='run submissions unisolated '
                        '(where bubblewrap cannot run); every row\'s status says so')
    parser.add_argument('--memory', type=positive, default=limits.memory // MiB,
                        metavar='MB', help='memory of a submission\'s processes together (a '
                        'cgroup), and address space of each')
    parser.add_argument('--processes', type=positive, default=limits.processes, metavar='N',
                        help='processes and threads per submission')
    parser.add_argument('--file-size', type=positive, default=limits.file_size // MiB,
                        metavar='MB', help='largest file a submission may write')
    parser.add_argument('--output-limit', type=positive, default=limits.output // MiB,
                        metavar='MB', help='text output kept per cell (figures: 4x that in '
                        'all); the rest is cut')
    parser.add_argument('--disk', type=positive, default=limits.disk // MiB,
                        metavar='MB', help='files a submission may write in all (its folder '
                        'and /tmp)')
    parser.add_argument('--roster', metavar='CSV', help='students (column id, optionally name, '
                        'email, section, sis_user_id, sis_login_id, canvas_id; or Canvas\'s '
                        'gradebook export as downloaded): match submissions to them by file '
                        'name and report who is missing')
    parser.add_argument('--readable', action='append', default=[], metavar='DIR',
                        help='a folder submissions may read (course data; readable by others, '
                        'as the kernel runs as nobody); repeatable')


VALUED = ('jobs', 'timeout', 'budget', 'memory', 'processes', 'file_size', 'output_limit',
          'disk', 'roster')


def _grade_argv(args):
    """``args``' grading options as ``grade`` takes them (for the jobs of ``slurm``)."""
    argv = ['--%s=%s' % (name.replace('_', '-'), os.path.abspath(value) if name == 'roster'
                         else value) for name in VALUED if (value := getattr(args, name))]
    argv += ['--readable=%s' % os.path.abspath(folder) for folder in args.readable]
    return argv + ['--no-sandbox'] * args.no_sandbox


def _limits(args):
    MiB = defaults.MiB
    return defaults.Limits(args.memory * MiB, args.processes, args.file_size * MiB,
                           args.output_limit * MiB, args.disk * MiB)


def _submissions(args):
    """The notebooks ``args.submissions`` names (folders expanded), checked that grading them
    into ``args.out`` writes over none of them nor the roster."""
    from cae_tf.grading import export, shards
    paths = shards.expand(args.submissions)
    export.refuse_overwrite(export.grade_outputs(args.out, paths), [args.roster or '', *paths])
    return paths


def _grade_parser(commands):
    grade = commands.add_parser('grade', help='grade submitted notebooks into DIR/grades.csv '
                                'and DIR/feedback/, each in a sandbox (bubblewrap)')
    grade.add_argument('submissions', nargs='+', metavar='SUBMISSION.ipynb',
                       help='notebooks, or folders of them')
    grade.add_argument('--out', required=True, metavar='DIR', help='where grades.csv and '
                       'feedback/ go (rows already there are kept)')
    grade.add_argument('--shard', type=shard, metavar='K/N', help='grade only shard K (0 to '
                       'N-1) of N, split by name (the same on every machine); join the N '
                       'folders with `merge`')
    _grade_options(grade)


def _grade(args):
    from cae_tf.grading import export, sandbox, shards
    from cae_tf.grading.batch import GraderFault, grade_batch
    from cae_tf.grading.run import PreflightError
    paths = _submissions(args)
    if args.shard:
        shards.write_manifest(args.out, shards.manifest(paths, *args.shard))
    if args.roster:
        print(export.match_roster(args.roster, paths, args.out), end='')
    class_folders = sorted({os.path.dirname(os.path.abspath(p)) for p in paths})
    if args.shard:
        graded = shards.select(paths, *args.shard)
        print('shard %d/%d: %d of %d submissions' % (*args.shard, len(graded), len(paths)))
        paths = graded
    if not paths:  # an empty shard: N above the class's size
        print('grades: %s' % shards.write_empty(args.out))
        return
    try:
        csv_path = grade_batch(paths, args.out, args.jobs, args.timeout, args.budget,
                               isolate=not args.no_sandbox, limits=_limits(args),
                               readable=args.readable, hidden=class_folders)
    except (sandbox.SandboxError, PreflightError, GraderFault) as e:
        raise ValueError(str(e)) from e
    print('grades: %s' % csv_path)


def _merge_parser(commands):
    merge = commands.add_parser('merge', help='join the folders of `grade --shard K/N` (all N) '
                                'into one grades.csv, feedback/ and roster report')
    merge.add_argument('shards', nargs='+', metavar='DIR', help='the N folders of `grade '
                       '--shard K/N`, one per shard')
    merge.add_argument('--out', required=True, metavar='DIR', help='where the joined '
                       'grades.csv, feedback/ and roster files go')


def _merge(args):
    from cae_tf.grading.shards import merge
    print('grades: %s' % merge(args.shards, args.out))


def _slurm_parser(commands):
    slurm = commands.add_parser('slurm', help='staff: grade on a Slurm cluster: an array job of '
                                'N shards and a merge job after them (sbatch), into DIR')
    slurm.add_argument('submissions', nargs='+', metavar='HAND-INS',
                       help='notebooks, or folders of them')
    slurm.add_argument('--out', required=True, metavar='DIR', help='grades.csv, feedback/ '
                       'and roster files when the merge job ends; DIR/shards/K each shard\'s, '
                       'DIR/slurm/ the batch scripts and the jobs\' logs')
    slurm.add_argument('--array', type=positive, required=True, metavar='N',
                       help='shards: tasks of the array job')
    slurm.add_argument('--partition', help='sbatch --partition (default: the cluster\'s)')
    slurm.add_argument('--account', help='sbatch --account')
    slurm.add_argument('--time', type=positive, metavar='MINUTES', help='each shard\'s time '
                       'limit (default: from the measured grading of the seed\'s solution)')
    slurm.add_argument('--dry-run', action='store_true',
                       help='write the batch scripts and print the sbatch commands only')
    _grade_options(slurm)


def _slurm(args):
    from cae_tf.grading import export, slurm
    paths = _submissions(args)
    if args.roster:
        export.read_roster(args.roster)  # now, not in every task after its wait in the queue
    plan = slurm.Plan(paths, args.out, args.array, _grade_argv(args), args.jobs, _limits(args),
                      args.budget, args.partition, args.account, args.time)
    print(slurm.submit(plan, dry_run=args.dry_run), end='')


def _similarity_parser(commands):
    similarity = commands.add_parser('similarity', help='staff: where a hand-in came from: '
                                     'hand-ins matching the published 2020 solution, and pairs '
                                     'of hand-ins alike, with their lines side by side (HTML); '
                                     'grades are not touched')
    similarity.add_argument('submissions', nargs='+', metavar='HAND-INS',
                            help='notebooks, or folders of them')
    similarity.add_argument('--out', required=True, metavar='DIR', help='where index.html, '
                            'similarity.csv and a page per flag go')
    similarity.add_argument('--template', default=None, metavar='NOTEBOOK',
                            help='the student notebook handed out (default: the packaged one)')


def _similarity(args):
    from cae_tf.grading import shards
    from cae_tf.similarity import report
    print(report(shards.expand(args.submissions), args.out, args.template), end='')


COMMANDS = {'grade': (_grade_parser, _grade), 'merge': (_merge_parser, _merge),
            'slurm': (_slurm_parser, _slurm), 'similarity': (_similarity_parser, _similarity),
            **publish_commands.COMMANDS}
