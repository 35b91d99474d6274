"""The grades' CSV: its columns, a submission's row, and the file written whole as rows arrive."""
import csv
import os

from cae_tf.grading.registry import PARTS

COLUMNS = ['submission'] + ['part%d' % p for p in sorted(PARTS)] + ['total', 'status']


def submission_name(path):
    """A submission's name in grades.csv and feedback/: its file name without the extension."""
    return os.path.splitext(os.path.basename(path))[0]


def zero_row(name, status):
    """The row of a submission that could not be graded: every part 0, ``status`` saying why."""
    return dict({'submission': name}, **{column: 0 for column in COLUMNS[1:-1]}, status=status)


def scored_row(name, scores, statuses):
    """The row of a graded submission: ``scores`` ``{part: points}``, ``statuses`` the notes."""
    row = {'submission': name, 'total': round(sum(scores.values()), 1),
           'status': '; '.join(statuses) if statuses else 'ok'}
    row.update({'part%d' % p: score for p, score in scores.items()})
    return row


def read_rows(csv_path):
    """The rows of ``csv_path`` by submission; none when it does not exist yet."""
    if not os.path.exists(csv_path):
        return {}
    with open(csv_path, newline='') as f:
        return {row['submission']: row for row in csv.DictReader(f)}


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
        for name in sorted(rows):
            writer.writerow(rows[name])
    os.replace(tmp, csv_path)
