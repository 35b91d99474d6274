"""Command line: ``python -m cae_tf run`` executes the homework; see ``--help``."""
import argparse
import sys


def _positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError('must be a positive whole number, got %s' % text)
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(prog='python -m cae_tf', description=__doc__)
    commands = parser.add_subparsers(dest='command', required=True)

    run = commands.add_parser('run', help='execute the solution notebook headless; write it '
                              'executed and every figure as PNG into --out')
    run.add_argument('--notebook', default='notebooks/cae_solution.ipynb')
    run.add_argument('--out', default='build/homework')
    run.add_argument('--timeout', type=int, default=600, help='seconds per cell')

    record = commands.add_parser('record', help='staff: re-execute a notebook and save its text '
                                 'outputs in place, for the nbval regression')
    record.add_argument('notebook', nargs='?', default='notebooks/cae_solution.ipynb')
    record.add_argument('--timeout', type=int, default=600, help='seconds per cell')

    template = commands.add_parser('template', help='generate the student notebook from the '
                                   'solution notebook')
    template.add_argument('--solution', default='notebooks/cae_solution.ipynb')
    template.add_argument('--out', default='notebooks/cae_student.ipynb')

    grade = commands.add_parser('grade', help='grade submitted notebooks into DIR/grades.csv '
                                'and DIR/feedback/')
    grade.add_argument('submissions', nargs='+', metavar='SUBMISSION.ipynb')
    grade.add_argument('--out', required=True, metavar='DIR')
    grade.add_argument('--jobs', type=_positive, default=1, help='submissions graded at once')
    grade.add_argument('--timeout', type=_positive, default=600, metavar='SECONDS',
                       help='per cell; a cell running longer is interrupted, later cells run')
    grade.add_argument('--budget', type=_positive, default=1800, metavar='SECONDS',
                       help='per submission; cells left when it is spent are not run')

    args = parser.parse_args(argv)
    from cae_tf import notebook
    try:
        if args.command == 'run':
            executed, figures = notebook.run_homework(args.notebook, args.out, args.timeout)
            print('executed notebook: %s' % executed)
            print('figures: %d PNG files in %s' % (len(figures), args.out + '/figures'))
        elif args.command == 'template':
            from cae_tf.template import write_template
            print('student template: %s' % write_template(args.solution, args.out))
        elif args.command == 'grade':
            from cae_tf.grade import grade_batch
            print('grades: %s' % grade_batch(args.submissions, args.out, args.jobs,
                                             args.timeout, args.budget))
        elif args.command == 'record':
            print('recorded: %s' % notebook.record_outputs(args.notebook, args.timeout))
    except FileNotFoundError as e:
        parser.exit(2, 'python -m cae_tf %s: error: %s\n' % (args.command, e))
    return 0


if __name__ == '__main__':
    sys.exit(main())
