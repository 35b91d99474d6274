"""The written half, for the people who grade it: ``python -m cae_tf review GRADED_DIR``.

It reads what ``grade`` kept of each hand-in (``feedback/NAME.json``: the discussions' answers;
``feedback/NAME.figures.json``: the figures its notebook showed) and writes ``GRADED_DIR/review/``:
``index.html``, a self-contained page per discussion (every answer, rendered with raw HTML off,
beside the student's own figures of that part and the key's; the rubric; a form that saves the
page's scores as CSV) and ``scores.csv`` to fill in (``submission, discussion, max, points,
comment``). A second run, after a regrade or for late hand-ins, only adds rows: a sheet that holds
points is never written over. ``--pdf`` prints one PDF per student (their discussions and figures)
with Chromium, into ``review/pdf/``.
"""
import collections
import glob
import json
import os

from cae_tf.grading import feedback, rows
from cae_tf.grading.discussions import DISCUSSIONS, MISSING, Answer
from cae_tf.grading.written import (SHEET_COLUMNS, graded_rubric, join_sheets, read_rubric,
                                    sheet_rows, write_rubric)
from cae_tf.review import pages

Entry = collections.namedtuple('Entry', 'name answers figures row results')


class ReviewError(ValueError):
    """A graded folder that cannot be reviewed, saying why."""


def collect(graded_dir):
    """The graded hand-ins of ``graded_dir``, by name: their answers and figures."""
    results = sorted(glob.glob(os.path.join(graded_dir, 'feedback', '*.json')))
    results = [p for p in results if not p.endswith('.figures.json')]
    if not results:
        raise ReviewError('%s: no graded hand-ins (feedback/NAME.json); run grade first'
                          % graded_dir)
    entries = []
    for path in results:
        with open(path, encoding='utf-8') as f:
            result = json.load(f)
        found = result.get('discussions', {})
        answers = {n: Answer(**found[str(n)]) if str(n) in found else Answer(MISSING, '')
                   for n in DISCUSSIONS}
        base = path[:-len('.json')]
        entries.append(Entry(result['row']['submission'], answers, feedback.read_figures(base),
                             result['row'], result.get('results', [])))
    return entries


def update_sheet(path, names, rubric):
    """Write ``path`` with a row for each hand-in and discussion: the rows it held kept as they
    are (points and comments among them), the missing ones added; return the rows."""
    held = []
    if os.path.exists(path):
        with open(path, newline='', encoding='utf-8-sig') as f:
            held = rows.read_csv(f)
    have = {(r.get('submission'), r.get('discussion')) for r in held}
    added = [r for r in sheet_rows(names, rubric) if (r['submission'], r['discussion']) not in have]
    if held and not added:
        return held
    partial = path + '.partial'
    with open(partial, 'w', newline='', encoding='utf-8') as f:
        rows.write_csv(f, [list(SHEET_COLUMNS)] + [[r.get(c, '') for c in SHEET_COLUMNS]
                                                   for r in held + added])
    os.replace(partial, path)  # whole or not at all: a sheet with points is never left half
    return held + added


def review(graded_dir, rubric_path=None, pdf=False):
    """Write ``graded_dir/review/`` (see the module); return its path."""
    rubric = read_rubric(rubric_path)
    entries = collect(graded_dir)
    out = os.path.join(graded_dir, 'review')
    os.makedirs(out, exist_ok=True)
    sheet = update_sheet(os.path.join(out, 'scores.csv'), [e.name for e in entries], rubric)
    if not os.path.exists(os.path.join(out, 'rubric.json')):
        write_rubric(os.path.join(out, 'rubric.json'), rubric)
    key = feedback.answer_key()
    for number in sorted(rubric):
        _write(os.path.join(out, 'discussion%d.html' % number),
               pages.discussion_page(number, rubric[number], entries, key, sheet))
    printed = []
    if pdf:
        from cae_tf.review.pdf import print_answers
        printed = print_answers(entries, os.path.join(out, 'pdf'))
    _write(os.path.join(out, 'index.html'), pages.index_page(entries, rubric, printed))
    return out


def write_feedback(graded_dir, written, out_dir, rubric_path=None):
    """Write ``out_dir/NAME.html`` for every graded hand-in: its feedback page with the written
    discussions' answers, points and comments from the filled sheets ``written`` (out of the
    rubric's points, default ``graded_dir/review/rubric.json``); return ``out_dir``."""
    if not written:
        raise ReviewError('give the filled scores sheets (--written review/scores.csv ...)')
    if os.path.realpath(out_dir) == os.path.realpath(os.path.join(graded_dir, 'feedback')):
        raise ReviewError('%s is the grader\'s own feedback: give another folder' % out_dir)
    rubric = graded_rubric(graded_dir, rubric_path)
    entries = collect(graded_dir)
    scores = join_sheets(written, {e.name for e in entries}, rubric)
    os.makedirs(out_dir, exist_ok=True)
    for e in entries:
        marks = {n: (e.answers[n], scores[e.name, n].points, rubric[n].points,
                     scores[e.name, n].comment) for n in rubric}
        _write(os.path.join(out_dir, e.name + '.html'),
               feedback.page(e.name, e.row, e.results, e.figures, written=marks))
    return out_dir


def _write(path, text):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
