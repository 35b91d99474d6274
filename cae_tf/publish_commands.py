"""The staff's commands that publish what grading found: ``export`` (gradebooks), ``review`` and
``feedback`` (the written discussions), ``handback`` (feedback pages in the layout a platform
re-uploads), and ``demo``, which runs them all on a class of five. As in ``__main__``, declaring
a command imports nothing of the grader.
"""
import os


def _export_parser(commands):
    export = commands.add_parser('export', help='write a gradebook file (Canvas, Moodle or plain '
                                 'CSV) from grades.csv and the roster')
    export.add_argument('--grades', required=True, metavar='DIR', help='the folder `grade --out` '
                        'wrote')
    export.add_argument('--roster', required=True, metavar='CSV', help='the students: a CSV '
                        'with an "id" column, or Canvas\'s gradebook export as downloaded')
    export.add_argument('--format', required=True, choices=['canvas', 'moodle', 'csv'])
    export.add_argument('--out', required=True, metavar='FILE')
    export.add_argument('--assignment', default='HW06 Conditional AutoEncoder',
                        help='the gradebook column; for Canvas its header in the '
                        'gradebook export, "Name (id)", e.g. "HW06 (1234)", to fill that '
                        'assignment (another name adds a new one)')
    _written_options(export)


def _written_options(parser):
    parser.add_argument('--written', nargs='+', default=[], metavar='SHEET',
                        help='filled scores sheets of `review` (several TAs\' sheets join): '
                        'the discussions\' points are added to the total')
    parser.add_argument('--rubric', metavar='JSON', help='the discussions\' points and criteria '
                        '(default: the release\'s; with --written, GRADED/review/rubric.json)')


def _export(args):
    from cae_tf.grading.export import canvas_assignments, export
    print('gradebook: %s' % export(args.grades, args.roster, args.format, args.out,
                                   args.assignment, args.written, args.rubric,
                                   log=lambda report: print(report, end='')))
    columns = canvas_assignments(args.roster)
    if args.format == 'canvas' and columns and args.assignment not in columns:
        print('note: %r is not a column of the gradebook %s, so Canvas will add it as a new '
              'assignment; to fill one of its own, give --assignment one of: %s'
              % (args.assignment, args.roster, ', '.join(repr(c) for c in columns)))


def _review_parser(commands):
    review = commands.add_parser('review', help='staff: the written discussions for people to '
                                 'grade: GRADED/review/ (pages, scores.csv, optionally PDFs)')
    review.add_argument('graded', metavar='GRADED', help='the folder `grade --out` wrote')
    review.add_argument('--rubric', metavar='JSON', help='points and criteria per discussion '
                        '(default: the release\'s staff/rubric.json defaults, 5 points each)')
    review.add_argument('--pdf', action='store_true', help='also one PDF per student of their '
                        'discussions and figures (printed by Chromium), in GRADED/review/pdf/')


def _review(args):
    from cae_tf.review import review
    print('review: %s' % review(args.graded, args.rubric, args.pdf))


def _feedback_parser(commands):
    feedback = commands.add_parser('feedback', help='staff: the feedback pages again, with the '
                                   'written discussions\' points and comments, into a new folder')
    feedback.add_argument('--grades', required=True, metavar='DIR', help='the folder `grade '
                          '--out` wrote')
    feedback.add_argument('--out', required=True, metavar='DIR', help='a folder of its own (the '
                          'grader\'s feedback/ is never rewritten)')
    _written_options(feedback)


def _feedback(args):
    from cae_tf.review import write_feedback
    print('feedback: %s' % write_feedback(args.grades, args.written, args.out, args.rubric))


def _handback_parser(commands):
    handback = commands.add_parser('handback', help='staff: the feedback pages as one zip in the '
                                   'layout of Canvas\'s "Re-Upload Submissions" or Moodle\'s '
                                   '"Upload multiple feedback files in a zip"')
    handback.add_argument('--grades', required=True, metavar='DIR', help='the folder `grade '
                          '--out` wrote')
    handback.add_argument('--platform', required=True, choices=['canvas', 'moodle'],
                          help='the platform the hand-ins were downloaded from')
    handback.add_argument('--out', required=True, metavar='ZIP', help='the zip to upload')
    handback.add_argument('--feedback', metavar='DIR', help='the pages to hand back (default: '
                          'DIR/feedback; the folder of `feedback --written` to include the '
                          'written points)')


def _handback(args):
    from cae_tf.grading import handback, rows
    names = list(rows.read_rows(os.path.join(args.grades, 'grades.csv')))
    left_out = handback.handback(args.feedback or os.path.join(args.grades, 'feedback'),
                                 args.platform, args.out, names)
    print('%d pages in %s' % (len(names) - len(left_out), args.out))
    for name in left_out:
        print('left out (no %s ids in its file name, or no page): %s' % (args.platform, name))


def _demo_parser(commands):
    demo = commands.add_parser('demo', help='staff: a class of five released, graded with a '
                               'roster, checked for copies, its written answers scored, '
                               'exported and handed back; DIR/index.html walks through it')
    demo.add_argument('--out', required=True, metavar='DIR', help='a new (or empty) folder')
    demo.add_argument('--n-iter', type=int, default=5000, metavar='N', help='training steps of '
                      'the hand-ins (the homework\'s 5000: about 4 minutes with --jobs 2)')
    demo.add_argument('--jobs', type=int, default=2, help='hand-ins graded at once')
    demo.add_argument('--no-sandbox', action='store_true', help='grade unisolated (where '
                      'bubblewrap cannot run)')


def _demo(args):
    from cae_tf.demo import demo
    print('demo: %s' % demo(args.out, args.n_iter, args.jobs, not args.no_sandbox))


COMMANDS = {'export': (_export_parser, _export), 'review': (_review_parser, _review),
            'feedback': (_feedback_parser, _feedback), 'handback': (_handback_parser, _handback),
            'demo': (_demo_parser, _demo)}
