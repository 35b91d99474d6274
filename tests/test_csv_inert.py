"""Every CSV a person opens holds text, never a formula a spreadsheet runs (OWASP's CSV injection
advice): grades.csv, the Canvas, Moodle and plain exports, roster_matches.csv and
similarity.csv, each written here with a formula in a file name and in every roster field; and
reading our own CSVs back (merge, export) gives the original text."""
import csv
import shutil

import pytest

from cae_tf import similarity
from cae_tf.grading import export, rows, shards
from cae_tf.similarity import code

FORMULAS = ['=SUM(2+5)', '+1+1', '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1', "'=1+1"]
RUNS = ('=', '+', '-', '@', '\t', '\r')
ID = '@SUM(1+1)'  # a student's id, as it appears in the file name
NAME = '=SUM(2+5)_%s_HW06' % ID  # the hand-in's name (Moodle lets students edit theirs)
ROSTER_FIELDS = ('name', 'email', 'section', 'sis_user_id', 'sis_login_id', 'canvas_id')


def cells(path):
    with open(path, newline='', encoding='utf-8') as f:
        return [cell for row in csv.reader(f) for cell in row]


def assert_inert(path):
    """No cell of ``path`` would run in a spreadsheet: text never begins with what runs."""
    found = cells(path)
    assert found
    for cell in found:
        assert not cell.startswith(RUNS) or rows.NUMBER.fullmatch(cell), (path, cell)


@pytest.mark.parametrize('text', FORMULAS)
def test_a_formula_is_made_text_and_read_back_as_it_was(text):
    assert rows.inert(text) == "'" + text
    assert rows.restored(rows.inert(text)) == text


@pytest.mark.parametrize('value', [100.0, 0, '100.0', '-1.5', '+2', '1e-3', 'ok', '', 'a=b'])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert rows.inert(value) == value and rows.restored(rows.inert(value)) == value


def graded_class(tmp_path):
    """A class of one, graded with a roster whose every field is a formula."""
    roster = tmp_path / 'roster.csv'
    with open(roster, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(('id',) + ROSTER_FIELDS)
        writer.writerow([ID] + [FORMULAS[i % len(FORMULAS)] for i in range(len(ROSTER_FIELDS))])
    grades = tmp_path / 'grades'
    grades.mkdir()
    row = rows.zero_row(NAME, '-1 point: =cmd|/C calc!A0')
    rows.write_rows(str(grades / 'grades.csv'), {NAME: row})
    export.match_roster(str(roster), [str(tmp_path / (NAME + '.ipynb'))], str(grades))
    return roster, grades, row


def test_grades_csv_and_roster_matches_are_inert_and_read_back_whole(tmp_path):
    _, grades, row = graded_class(tmp_path)
    assert_inert(grades / 'grades.csv')
    assert_inert(grades / export.MATCHES)
    read = rows.read_rows(str(grades / 'grades.csv'))
    assert list(read) == [NAME] and read[NAME]['status'] == row['status']
    assert export.read_matches(str(grades)) == {ID: str(tmp_path / (NAME + '.ipynb'))}
    # written again from what was read (a re-run, a merge): the same bytes
    rows.write_rows(str(tmp_path / 'again.csv'), read)
    assert (tmp_path / 'again.csv').read_bytes() == (grades / 'grades.csv').read_bytes()


def test_merge_reads_its_shards_as_written(tmp_path):
    path = str(tmp_path / (NAME + '.ipynb'))
    shard = tmp_path / 'shard'
    shards.write_manifest(str(shard), shards.manifest([path], 0, 1))
    (shard / 'feedback').mkdir()
    rows.write_rows(str(shard / 'grades.csv'), {NAME: rows.zero_row(NAME, '=1+1')})
    merged = shards.merge([str(shard)], str(tmp_path / 'out'))
    assert rows.read_rows(merged)[NAME]['status'] == '=1+1'
    assert open(merged, 'rb').read() == (shard / 'grades.csv').read_bytes()


@pytest.mark.parametrize('fmt', export.FORMATS)
def test_every_export_is_inert_and_holds_the_original_text(tmp_path, fmt):
    roster, grades, row = graded_class(tmp_path)
    out = tmp_path / ('%s.csv' % fmt)
    export.export(str(grades), str(roster), fmt, str(out), assignment='=HW06')
    assert_inert(out)
    student = export.read_roster(str(roster))[0]
    shown = [rows.restored(cell) for cell in cells(out)]
    expected = {'canvas': ('name', 'canvas_id', 'sis_user_id', 'sis_login_id', 'section'),
                'moodle': ('email', 'id'), 'csv': ('id', 'name')}[fmt]
    assert '=HW06' in shown or fmt == 'csv'
    assert [student[field] for field in expected] == [f for f in shown if f in student.values()]
    assert fmt == 'canvas' or row['status'] in shown
    assert fmt != 'csv' or NAME in shown


def test_similarity_csv_is_inert(tmp_path):
    hand_ins = []
    for name in (NAME, '-2+3'):
        hand_ins.append(str(tmp_path / (name + '.ipynb')))
        shutil.copy(code.TEMPLATE, hand_ins[-1])
    similarity.report(hand_ins, str(tmp_path / 'report'))
    table = tmp_path / 'report' / 'similarity.csv'
    assert_inert(table)
    assert {NAME, '-2+3'} <= {rows.restored(cell) for cell in cells(table)}
