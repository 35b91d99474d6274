"""The grades' CSV: its columns, a submission's row, and the file written whole as rows arrive."""
import csv
import io
import os
import re

from cae_tf.grading import statuses as said
from cae_tf.grading.registry import PARTS

COLUMNS = ['submission'] + ['part%d' % p for p in sorted(PARTS)] + ['total', 'status']
# a cell a spreadsheet would run (OWASP, CSV injection), and the quote that marks one made inert
FORMULA_START = ('=', '+', '-', '@', '\t', '\r', "'")
NUMBER = re.compile(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?')


def submission_name(path):
    """A submission's name in grades.csv and feedback/: its file name without the extension."""
    return os.path.splitext(os.path.basename(path))[0]


def zero_row(name, status):
    """The row of a submission that could not be graded: every part 0, ``status`` saying why."""
    return dict({'submission': name}, **{column: 0 for column in COLUMNS[1:-1]}, status=status)


def scored_row(name, scores, statuses):
    """The row of a graded submission: ``scores`` ``{part: points}``, ``statuses`` the notes."""
    row = {'submission': name, 'total': round(sum(scores.values()), 1),
           'status': '; '.join(statuses) if statuses else said.OK.text}
    row.update({'part%d' % p: score for p, score in scores.items()})
    return row


def inert(value):
    """A CSV cell that a spreadsheet shows as text and never runs: text beginning with ``=``,
    ``+``, ``-``, ``@``, tab, carriage return (or the ``'`` that marks it) gets a leading
    ``'``; numbers, and text of a number, stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def restored(value):
    """The text :func:`inert` was given, from the cell it wrote."""
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def inert_rows(rows):
    """``rows`` (lists, or dicts of cells) with every cell :func:`inert`: what every CSV that a
    person opens is written from."""
    return [{k: inert(v) for k, v in row.items()} if isinstance(row, dict)
            else [inert(v) for v in row] for row in rows]


def write_csv(f, table):
    """Write ``table`` (lists of cells) to the open file ``f``, every cell :func:`inert`, each row
    a line ending in ``\\n``; a cell holding a carriage return is quoted (csv quotes only the
    line end's characters, and a bare CR starts a row in a spreadsheet)."""
    line = io.StringIO()
    writer = csv.writer(line, lineterminator='\r\n')
    for row in inert_rows(table):
        line.seek(0)
        line.truncate()
        writer.writerow(row)
        f.write(line.getvalue()[:-2] + '\n')


def read_csv(f):
    """The rows of a CSV this package wrote (open file ``f``), as dicts of the original text."""
    return [{k: restored(v) if isinstance(v, str) else v for k, v in row.items()}
            for row in csv.DictReader(f)]


def read_rows(csv_path):
    """The rows of ``csv_path`` by submission; none when it does not exist yet."""
    if not os.path.exists(csv_path):
        return {}
    with open(csv_path, newline='') as f:
        return {row['submission']: row for row in read_csv(f)}


def columns(rows):
    """The CSV's columns: COLUMNS, and any part a row has beyond them (a course's own part)."""
    extra = {key for row in rows.values() for key in row if key not in COLUMNS}
    parts = sorted(extra, key=lambda key: int(key[4:]) if key[4:].isdigit() else 0)
    return COLUMNS[:-2] + parts + COLUMNS[-2:]


def write_rows(csv_path, rows):
    """Write ``rows`` (by submission) to ``csv_path`` in one step, sorted by submission."""
    tmp = csv_path + '.part'
    with open(tmp, 'w', newline='') as f:
        writer = csv.DictWriter(f, columns(rows), extrasaction='ignore')
        writer.writeheader()
        writer.writerows(inert_rows(rows[name] for name in sorted(rows)))
    os.replace(tmp, csv_path)
