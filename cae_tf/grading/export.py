"""Grades where courses keep them: a roster matched to submission files, and gradebook files for
Canvas, Moodle or a plain CSV, from ``grades.csv``.

The roster is a CSV with a column ``id`` (the student's id as it appears in submission file
names) and optionally ``name``, ``email``, ``section``, ``sis_user_id``, ``sis_login_id`` and
``canvas_id``. A submission belongs to the student whose id is one of its name's parts, split at
``_``, ``-``, ``.`` and ``/``: Canvas downloads (``doejohn_12345_678_HW06.ipynb``, the id being
the Canvas user id), nbgrader's ``submitted/ID/hw06/...`` (its files renamed ``ID_...``: grades
are keyed by file name, which must differ) and names such as the
seed's ``KangsanLee_20202467_HW06.ipynb``.
"""
import csv
import os
import re

from cae_tf.grading import statuses as said
from cae_tf.grading.rows import read_csv, submission_name, write_csv

FORMATS = ('canvas', 'moodle', 'csv')


# Canvas's gradebook export (Grades > Export; canvas-lms, lib/gradebook_exporter.rb): "Student"
# (or "LastName" and "FirstName"), "ID" (the Canvas user id its submission downloads are named
# by), "SIS User ID" (where the account shows SIS ids), "SIS Login ID", "Integration ID" and
# "Root Account" (on some accounts), "Section", then one column per assignment, "Title (id)",
# and the totals. A row of posting policies (where an assignment's grades are hidden) and the
# "    Points Possible" row come before the students, both with no ID. Comma-separated unless
# the user chose semicolons (or tabs) in their settings.
CANVAS_FIELDS = {'SIS User ID': 'sis_user_id', 'SIS Login ID': 'sis_login_id',
                 'Section': 'section'}
CANVAS_ASSIGNMENT = re.compile(r'^.+ \(\d+\)$')


def read_roster(path):
    """Return the roster's rows (dicts), each with an ``id``; a malformed roster raises
    ValueError naming the problem. The roster is either our CSV (a column ``id``) or Canvas's
    gradebook export as downloaded (its ``ID`` becomes ``id`` and ``canvas_id``)."""
    fields, rows = _read_table(path)
    if 'id' not in fields and 'ID' in fields:
        rows = [_canvas_student(row) for row in rows if (row.get('ID') or '').strip()]
    elif 'id' not in fields:
        raise ValueError('%s: a roster needs a header with an "id" column (or is Canvas\'s '
                         'gradebook export, with its "ID" column)' % path)
    ids = [(row['id'] or '').strip() for row in rows]
    if not rows:
        raise ValueError('%s: the roster has no students' % path)
    if '' in ids or len(set(ids)) != len(ids):
        raise ValueError('%s: every student needs an id of their own' % path)
    return [dict(row, id=row['id'].strip()) for row in rows]


def canvas_assignments(path):
    """The assignment columns (``Title (id)``) of a Canvas gradebook export; none for our
    roster."""
    fields, _ = _read_table(path)
    return [] if 'id' in fields else [f for f in fields if CANVAS_ASSIGNMENT.match(f)]


def _read_table(path):
    """The header's fields and the rows of a CSV (a BOM, semicolons or tabs allowed)."""
    with open(path, newline='', encoding='utf-8-sig') as f:
        header = f.readline()
        f.seek(0)
        separator = max(',;\t', key=header.count)  # the one the header is split by
        reader = csv.DictReader(f, delimiter=separator)
        rows = list(reader)
    return reader.fieldnames or [], rows


def _canvas_student(row):
    """Our roster's row from a student's row of Canvas's gradebook export."""
    name = (row['Student'] if 'Student' in row else
            ', '.join(row.get(k) or '' for k in ('LastName', 'FirstName')))
    student = {'id': row['ID'].strip(), 'name': name or ''}
    student['canvas_id'] = student['id']
    student.update({ours: row.get(theirs) or '' for theirs, ours in CANVAS_FIELDS.items()})
    return student


def match(paths, roster):
    """Return ``({student id: submission path}, [paths of no student])``.

    A path whose parts name two students, or a student named by two paths, is left unmatched
    and reported, never guessed.
    """
    ids = {row['id'] for row in roster}
    owners = {}
    for path in paths:
        parts = set(re.split(r'[_\-./\\\\]', os.path.relpath(path)))
        owners[path] = parts & ids
    by_student, unmatched = {}, []
    for path, found in owners.items():
        if len(found) == 1 and sum(found == other for other in owners.values()) == 1:
            by_student[found.pop()] = path
        else:
            unmatched.append(path)
    return by_student, unmatched


def roster_report(by_student, unmatched, roster):
    """Return the text saying which submissions have no student and which students no
    submission."""
    missing = [row['id'] for row in roster if row['id'] not in by_student]
    return ''.join(['%d of %d students have a submission\n' % (len(by_student), len(roster))] +
                   ['submission with no student: %s\n' % p for p in unmatched] +
                   ['student with no submission: %s\n' % s for s in missing])


def student_rows(roster, by_student, grades):
    """Return ``[(roster row, grade row or None)]`` in roster order."""
    return [(row, grades.get(submission_name(by_student[row['id']]))
             if row['id'] in by_student else None) for row in roster]


def canvas_rows(pairs, assignment, points=100):
    """Canvas's gradebook CSV (its import format): Student, ID, SIS User ID, SIS Login ID,
    Section, then the assignment's column; a 'Points Possible' row first. A student with no
    grade gets an empty cell, which Canvas leaves unchanged."""
    header = ['Student', 'ID', 'SIS User ID', 'SIS Login ID', 'Section', assignment]
    rows = [header, ['Points Possible', '', '', '', '', '%g' % points]]
    for student, grade in pairs:
        rows.append([student.get('name', ''), student.get('canvas_id', student['id']),
                     student.get('sis_user_id', ''), student.get('sis_login_id', ''),
                     student.get('section', ''), '' if grade is None else grade['total']])
    return rows


def moodle_rows(pairs, assignment):
    """Moodle's grade import from CSV: an identifier to map users by (email address, or ID
    number where there is no email), the grade, and feedback; staff map the columns on import."""
    rows = [['Email address', 'ID number', assignment, 'Feedback']]
    for student, grade in pairs:
        rows.append([student.get('email', ''), student['id'],
                     '' if grade is None else grade['total'],
                     said.NO_SUBMISSION.text if grade is None else grade['status']])
    return rows


def plain_rows(pairs):
    """Every student with their submission, total and status (and the total's autograded and
    written parts where people scored the discussions)."""
    split = any(grade is not None and 'written' in grade for _, grade in pairs)
    parts = ['auto', 'written'] if split else []
    rows = [['id', 'name', 'submission'] + parts + ['total', 'status']]
    for student, grade in pairs:
        rows.append([student['id'], student.get('name', ''),
                     '' if grade is None else grade['submission']] +
                    ['' if grade is None else grade[p] for p in parts] +
                    ['' if grade is None else grade['total'],
                     said.NO_SUBMISSION.text if grade is None else grade['status']])
    return rows


def with_written(grades, written, rubric):
    """``grades`` (rows by submission) with the written discussions' points of the filled sheets
    ``written`` added, out of ``rubric``: each row's ``auto`` (the autograder's total),
    ``written`` and ``total``; and the points possible."""
    from cae_tf.grading import written as sheets
    totals = sheets.written_totals(sheets.join_sheets(written, set(grades), rubric))
    rows = {name: dict(row, auto=row['total'], written='%g' % totals[name],
                       total='%g' % (float(row['total']) + totals[name]))
            for name, row in grades.items()}
    return rows, 100 + sum(r.points for r in rubric.values())


def export(grades_dir, roster_path, fmt, out_path, assignment='HW06 Conditional AutoEncoder',
           written=(), rubric_path=None, log=None):
    """Write the gradebook file ``out_path`` in ``fmt`` from ``grades_dir/grades.csv`` (plus the
    written discussions' points of the filled sheets ``written``, out of ``rubric_path``'s
    points, default ``grades_dir/review/rubric.json``) and the roster matching recorded by
    ``grade --roster`` (``grades_dir/roster_matches.csv``; without it the roster is matched to
    grades.csv's names here, and the report passed to ``log``); return the path. ``out_path`` must
    not be one of the inputs (ValueError).

    The same inputs give the same bytes: a re-run changes nothing.
    """
    if fmt not in FORMATS:
        raise ValueError('unknown format %r: one of %s' % (fmt, ', '.join(FORMATS)))
    refuse_overwrite([out_path], [roster_path, os.path.join(grades_dir, 'grades.csv'),
                                  os.path.join(grades_dir, MATCHES), *written])
    roster = read_roster(roster_path)
    with open(os.path.join(grades_dir, 'grades.csv'), newline='') as f:
        grades = {row['submission']: row for row in read_csv(f)}
    if written:
        from cae_tf.grading.written import graded_rubric
        grades, points = with_written(grades, written, graded_rubric(grades_dir, rubric_path))
    else:
        points = 100
    if os.path.exists(os.path.join(grades_dir, MATCHES)):
        by_student = read_matches(grades_dir)
    else:  # graded without --roster: grades.csv's names are the files' names
        by_student, unmatched = match(sorted(grades), roster)
        if log:
            log(roster_report(by_student, unmatched, roster))
    pairs = student_rows(roster, by_student, grades)
    rows = (canvas_rows(pairs, assignment, points) if fmt == 'canvas' else
            moodle_rows(pairs, assignment) if fmt == 'moodle' else plain_rows(pairs))
    with open(out_path, 'w', newline='', encoding='utf-8') as f:
        write_csv(f, rows)
    return out_path


MATCHES = 'roster_matches.csv'  # never roster.csv: that is the name staff give their roster


def refuse_overwrite(outputs, inputs):
    """Raise ValueError when a file to be written is one of the files given as input."""
    given = {os.path.realpath(p): p for p in inputs}
    for path in outputs:
        if os.path.realpath(path) in given:
            raise ValueError('%s is an input (%s); refusing to write over it: give the output '
                             'another name' % (path, given[os.path.realpath(path)]))


def write_matches(grades_dir, by_student):
    """Record which submission belongs to whom, beside grades.csv."""
    with open(os.path.join(grades_dir, MATCHES), 'w', newline='') as f:
        write_csv(f, [['id', 'submission']] + sorted(by_student.items()))


def read_matches(grades_dir):
    path = os.path.join(grades_dir, MATCHES)
    if not os.path.exists(path):
        raise ValueError('%s: no roster matching there; grade with --roster first' % path)
    with open(path, newline='') as f:
        return {row['id']: row['submission'] for row in read_csv(f)}


def match_roster(roster_path, submissions, out_dir):
    """Match the submissions to the roster before grading; keep the matches and the report in
    ``out_dir``; return the report."""
    roster = read_roster(roster_path)
    by_student, unmatched = match(submissions, roster)
    report = roster_report(by_student, unmatched, roster)
    os.makedirs(out_dir, exist_ok=True)
    write_matches(out_dir, {k: os.path.abspath(v) for k, v in by_student.items()})
    with open(os.path.join(out_dir, 'roster_report.txt'), 'w') as f:
        f.write(report)
    return report


def grade_outputs(out_dir, submissions):
    """The files ``grade --out out_dir`` writes: none may be a file it was given."""
    names = ['grades.csv', MATCHES, 'roster_report.txt']
    for path in submissions:
        stem = submission_name(path)
        names += [os.path.join('feedback', stem + ext)
                  for ext in ('.txt', '.json', '.html', '.figures.json')]
    return [os.path.join(out_dir, name) for name in names]
