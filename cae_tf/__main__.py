"""Command line: ``python -m cae_tf run`` executes the homework; see ``--help``.

Each command is two small functions: ``_<command>_parser`` declares its arguments and
``_<command>`` runs it.
"""
import argparse
import os
import sys

from cae_tf import limits as defaults
from cae_tf import staff_commands
from cae_tf.staff_commands import positive as _positive


def _run_parser(commands):
    run = commands.add_parser('run', help='execute the solution notebook headless; write it '
                              'executed and every figure as PNG into --out')
    run.add_argument('--notebook', default='notebooks/cae_solution.ipynb',
                     help='the notebook to execute')
    run.add_argument('--out', default='build/homework', metavar='DIR',
                     help='where the executed notebook and figures/ go')
    run.add_argument('--timeout', type=int, default=defaults.HOMEWORK_CELL_TIMEOUT,
                     help='seconds per cell')
    run.add_argument('--as-recorded', action='store_true',
                     help='oneDNN off, as the committed outputs were recorded (slower; the '
                     'default run matches them to about 2 significant digits)')


def _run(args):
    from cae_tf import notebook
    executed, figures = notebook.run_homework(args.notebook, args.out, args.timeout,
                                              args.as_recorded)
    print('executed notebook: %s' % executed)
    print('figures: %d PNG files in %s' % (len(figures), args.out + '/figures'))


def _record_parser(commands):
    record = commands.add_parser('record', help='staff: re-execute a notebook and save its text '
                                 'outputs in place, for the nbval regression')
    record.add_argument('notebook', nargs='?', default='notebooks/cae_solution.ipynb',
                        help='the notebook to execute and save in place')
    record.add_argument('--timeout', type=int, default=defaults.HOMEWORK_CELL_TIMEOUT,
                        help='seconds per cell')


def _record(args):
    from cae_tf import notebook
    print('recorded: %s' % notebook.record_outputs(args.notebook, args.timeout))
    if os.path.basename(args.notebook) == 'cae_solution.ipynb':  # its figures: the feedback's key
        from cae_tf.grading import feedback
        print('answer key figures: %s' % feedback.write_answer_key(args.notebook))


def _template_parser(commands):
    template = commands.add_parser('template', help='generate the student notebook from the '
                                   'solution notebook, and the public checks\' data')
    template.add_argument('--solution', default='notebooks/cae_solution.ipynb',
                          help='the answer key the student notebook is made from')
    template.add_argument('--out', default='notebooks/cae_student.ipynb',
                          help='the student notebook written')


def _template(args):
    from cae_tf.release.public_data import write_public_expected
    from cae_tf.release.template import write_template
    print('student template: %s' % write_template(args.solution, args.out))
    print('public checks\' data: %s' % write_public_expected())


def _release_parser(commands):
    release = commands.add_parser('release', help='staff: write DIR/student (the hand-out: '
                                  'notebook, package, README) and DIR/staff (the answer key)')
    release.add_argument('--out', required=True, metavar='DIR',
                         help='a folder for student/ and staff/')
    release.add_argument('--solution', default='notebooks/cae_solution.ipynb',
                         help='the answer key the release is made from')
    release.add_argument('--rubric', metavar='JSON', help='the written discussions\' points '
                         'and criteria (default: 5 points each; staff/rubric.json is a copy)')


def _release(args):
    from cae_tf.release import release
    student, staff = release(args.out, args.solution, args.rubric)
    print('hand-out for students: %s' % student)
    print('kept by staff: %s' % staff)


def _train_parser(commands):
    train = commands.add_parser('train', help='train the homework\'s CAE with the fast trainer '
                                'and save a checkpoint (for evaluate --checkpoint)')
    train.add_argument('--out', required=True, metavar='PREFIX', help='checkpoint path prefix')
    train.add_argument('--n-iter', type=_positive, default=5000, help='training steps')
    train.add_argument('--no-labels', action='store_true',
                       help='train the plain AE: the label input held at zero')
    train.add_argument('--seed', type=int, default=42, help='the graph\'s and numpy\'s random '
                       'seed (the number that fixes the random draws, so a run repeats)')


def _train(args):
    from cae_tf.evaluation.training import label_input, train_model
    from cae_tf.handout import input_data
    from cae_tf.handout.given import full_set_loss
    from cae_tf.solution.train import save_model
    mnist = input_data.read_data_sets(input_data.PACKAGED_DIR, one_hot=True)
    sess, cae, _ = train_model(mnist, not args.no_labels, args.n_iter, args.seed, log=print)
    with sess:
        mse = full_set_loss(sess, cae.x, cae.y, cae.loss, mnist.test.images,
                            label_input(mnist.test.labels, not args.no_labels))
        print('test MSE (10000 images): %.4f' % mse)
        print('checkpoint: %s' % save_model(sess, cae.weights, cae.biases, args.out))


def _evaluate_parser(commands):
    evaluate = commands.add_parser('evaluate', help='measure a trained CAE against a plain AE and '
                                   'the packaged classifier; write DIR/report.md')
    evaluate.add_argument('--checkpoint', metavar='PREFIX',
                          help='CAE from `train --out PREFIX`; trained here when left out')
    evaluate.add_argument('--ae-checkpoint', metavar='PREFIX',
                          help='plain AE from `train --no-labels`; trained here when left out')
    evaluate.add_argument('--out', required=True, metavar='DIR',
                          help='where report.md, results.json and the figures go')
    evaluate.add_argument('--n-iter', type=_positive, default=5000,
                          help='training steps of a model trained here')
    evaluate.add_argument('--classifier', metavar='NPZ', help='classifier checkpoint '
                          '(default: the packaged one)')


def _evaluate(args):
    from cae_tf.evaluation import evaluate as evaluation
    from cae_tf.evaluation.classifier import PACKAGED
    evaluation.evaluate(args.out, args.checkpoint, args.ae_checkpoint, args.n_iter,
                        classifier_path=args.classifier or PACKAGED)
    print('report: %s' % os.path.join(args.out, 'report.md'))


def _classifier_parser(commands):
    classifier = commands.add_parser('classifier', help='staff: train the MNIST classifier '
                                     'evaluate uses and save it (rebuilds the packaged file)')
    classifier.add_argument('--out', default='cae_tf/evaluation/data/classifier.npz',
                            metavar='NPZ', help='the classifier file written')
    classifier.add_argument('--epochs', type=_positive, default=3,
                            help='passes over the 60000 training images')


def _classifier(args):
    from cae_tf.evaluation.classifier import build
    path, accuracy = build(args.out, args.epochs)
    print('classifier: %s (test accuracy %.4f)' % (path, accuracy))


COMMANDS = {'run': (_run_parser, _run), 'record': (_record_parser, _record),
            'template': (_template_parser, _template), 'release': (_release_parser, _release),
            **staff_commands.COMMANDS, 'train': (_train_parser, _train),
            'evaluate': (_evaluate_parser, _evaluate),
            'classifier': (_classifier_parser, _classifier)}


def build_parser():
    """The command line's parser, every command declared (nothing of the grader imported)."""
    top = argparse.ArgumentParser(prog='python -m cae_tf', description=__doc__.split('\n')[0])
    commands = top.add_subparsers(dest='command', required=True)
    for declare, _ in COMMANDS.values():
        declare(commands)
    return top


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        COMMANDS[args.command][1](args)
    except (FileNotFoundError, ValueError) as e:
        parser.exit(2, 'python -m cae_tf %s: error: %s\n' % (args.command, e))
    return 0


if __name__ == '__main__':
    sys.exit(main())
