"""Points for the written discussions: the course's rubric and the scores sheets TAs fill in.

The autograder's 100 points never change; a discussion's points come from people, through a
sheet (``submission, discussion, max, points, comment``; one row per submission and discussion)
that ``python -m cae_tf review`` writes and a TA fills in, in the review page or a spreadsheet.
Several TAs may each fill a copy (split by discussion or by students): their sheets join, and a
score given differently in two sheets is refused, naming both.
"""
import collections
import csv
import json
import math
import os

from cae_tf.grading.discussions import DISCUSSIONS
from cae_tf.grading.rows import read_csv

SHEET_COLUMNS = ('submission', 'discussion', 'max', 'points', 'comment')
Rubric = collections.namedtuple('Rubric', 'points criteria')
Score = collections.namedtuple('Score', 'points max comment sheet')
# The release writes this into staff/rubric.json; a course edits it (0 points: discussions are
# still collected and shown, and the homework stays out of 100).
DEFAULT_RUBRIC = {
    9: Rubric(5, ['Says whether the ten digits decoded from one point share a style (size, '
                  'position, slant, stroke width).',
                  'Explains it: the label chooses which digit is drawn, the latent point how.',
                  'Relates it to the overlap of the digits in the latent space of (7) and (8).']),
    10: Rubric(5, ['Describes how the manifolds change along Z1 and Z2, alike for every label.',
                   'Builds on (9): the latent plane encodes style, the label the digit.',
                   'Notes where generation fails (where no test code lies) and why.']),
}


class WrittenError(ValueError):
    """A rubric or a scores sheet that cannot be used, with what is wrong and where."""


def write_rubric(path, rubric=None):
    """Write ``rubric`` (default :data:`DEFAULT_RUBRIC`) as JSON at ``path``, a new file."""
    rubric = DEFAULT_RUBRIC if rubric is None else rubric
    with open(path, 'x', encoding='utf-8') as f:
        json.dump({str(n): {'points': r.points, 'criteria': r.criteria}
                   for n, r in sorted(rubric.items())}, f, indent=2, ensure_ascii=False)
        f.write('\n')
    return path


def read_rubric(path=None):
    """``{discussion: Rubric}`` from the JSON file ``path`` (None: the default)."""
    if path is None:
        return dict(DEFAULT_RUBRIC)
    try:
        with open(path, encoding='utf-8') as f:
            raw = json.load(f)
    except (OSError, ValueError) as e:
        raise WrittenError('%s: not a rubric (%s)' % (path, e))
    if not isinstance(raw, dict) or sorted(raw) != sorted(str(n) for n in DISCUSSIONS):
        raise WrittenError('%s: a rubric names the discussions %s, each once'
                           % (path, ', '.join(map(str, DISCUSSIONS))))
    rubric = {}
    for key, entry in raw.items():
        points = entry.get('points') if isinstance(entry, dict) else None
        criteria = entry.get('criteria', []) if isinstance(entry, dict) else None
        if (isinstance(points, bool) or not isinstance(points, (int, float))
                or not math.isfinite(points) or points < 0):
            raise WrittenError('%s: discussion %s: points must be a number 0 or more' % (path, key))
        if not isinstance(criteria, list) or not all(isinstance(c, str) for c in criteria):
            raise WrittenError('%s: discussion %s: criteria must be a list of texts' % (path, key))
        rubric[int(key)] = Rubric(points, criteria)
    return rubric


def sheet_rows(submissions, rubric):
    """The empty sheet's rows: one per submission and discussion, in order."""
    return [{'submission': s, 'discussion': str(n), 'max': '%g' % rubric[n].points,
             'points': '', 'comment': ''} for s in submissions for n in sorted(rubric)]


def _number(text, where):
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise WrittenError('%s: %r is not a number' % (where, text))
    return value


def graded_rubric(graded_dir, rubric_path=None):
    """The rubric given, else the one ``review`` kept in ``graded_dir/review/``, else the
    default."""
    kept = os.path.join(graded_dir, 'review', 'rubric.json')
    return read_rubric(rubric_path or (kept if os.path.exists(kept) else None))


def read_sheet(path):
    """``[(where, row)]`` of the scores sheet ``path`` (``where``: file and line); its columns
    checked; cells read back as the grader's CSVs are (:func:`cae_tf.grading.rows.read_csv`)."""
    try:
        rows = _read_csv(path)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise WrittenError('%s: cannot read the sheet (%s)' % (path, e))
    if rows and set(SHEET_COLUMNS) - set(rows[0]):
        raise WrittenError('%s: a scores sheet has the columns %s'
                           % (path, ', '.join(SHEET_COLUMNS)))
    return [('%s line %d' % (path, i + 2), row) for i, row in enumerate(rows)]


def _read_csv(path):
    with open(path, newline='', encoding='utf-8-sig') as f:  # a spreadsheet may add a BOM
        return read_csv(f)


def join_sheets(paths, submissions, rubric):
    """``{(submission, discussion): Score}`` from the filled sheets ``paths``, every one of the
    class's scores present, each within 0..max; a score given differently in two sheets, a
    submission or discussion that does not exist, or a missing score is refused by name."""
    scores = {}
    for path in paths:
        for where, row in read_sheet(path):
            key, score = _score(where, row, submissions, rubric)
            if score is None:
                continue  # left for another TA's sheet
            earlier = scores.get(key)
            if earlier is not None and earlier[:3] != score[:3]:
                raise WrittenError('%s and %s score %s, discussion (%d) differently: %g %r and '
                                   '%g %r' % (earlier.sheet, where, key[0], key[1], earlier.points,
                                              earlier.comment, score.points, score.comment))
            scores.setdefault(key, score)
    missing = ['%s (%d)' % (s, n) for s in submissions for n in sorted(rubric)
               if (s, n) not in scores]
    if missing:
        raise WrittenError('no score in %s for %d answer%s: %s' % (
            ', '.join(paths), len(missing), '' if len(missing) == 1 else 's',
            ', '.join(missing[:10]) + (' ...' if len(missing) > 10 else '')))
    return scores


def _score(where, row, submissions, rubric):
    """The key and the :class:`Score` of one sheet row (None where it holds no points yet)."""
    name, discussion = row.get('submission', ''), row.get('discussion', '').strip()
    if name not in submissions:
        raise WrittenError('%s: no submission named %r was graded' % (where, name))
    if discussion not in {str(n) for n in rubric}:
        raise WrittenError('%s: there is no discussion %r' % (where, discussion))
    number = int(discussion)
    if (row.get('points') or '').strip() == '':
        return (name, number), None
    points = _number(row['points'].strip(), where)
    top = rubric[number].points
    if not 0 <= points <= top:
        raise WrittenError('%s: %g points for discussion (%d), which is out of %g'
                           % (where, points, number, top))
    return (name, number), Score(points, top, row.get('comment', ''), where)


def written_totals(scores):
    """``{submission: points of its discussions}``."""
    totals = collections.defaultdict(float)
    for (name, _), score in scores.items():
        totals[name] += score.points
    return dict(totals)
