"""Command line: ``python -m cae_tf run`` executes the homework; see ``--help``."""
import argparse
import sys


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

    args = parser.parse_args(argv)
    from cae_tf import notebook
    try:
        if args.command == 'run':
            executed, figures = notebook.run_homework(args.notebook, args.out, args.timeout)
            print('executed notebook: %s' % executed)
            print('figures: %d PNG files in %s' % (len(figures), args.out + '/figures'))
        elif args.command == 'record':
            print('recorded: %s' % notebook.record_outputs(args.notebook, args.timeout))
    except FileNotFoundError as e:
        parser.exit(2, 'python -m cae_tf %s: error: %s\n' % (args.command, e))
    return 0


if __name__ == '__main__':
    sys.exit(main())
