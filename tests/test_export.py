"""Roster matching and gradebook files, against fixtures written from the formats' documents:
Canvas's gradebook CSV import (columns Student, ID, SIS User ID, SIS Login ID, Section, then one
per assignment; an optional 'Points Possible' row; Canvas Community guide "How do I import grades
in the Gradebook?") and Moodle's grade import from CSV (a user identifier column mapped on import,
grade and feedback columns; Moodle docs "Grade import")."""
import csv
import io
import os
import subprocess
import sys

import pytest

from cae_tf.grading import export

ROSTER = '''id,name,email,section,sis_user_id,sis_login_id,canvas_id
20202467,Kangsan Lee,kangsan@postech.ac.kr,Sec 1,S20202467,kangsan,12345
20202468,Namjeong Lee,namjeong@postech.ac.kr,Sec 1,S20202468,namjeong,12346
20201111,Jiwoo Park,jiwoo@postech.ac.kr,Sec 2,S20201111,jiwoo,12347
'''
GRADES = '''submission,part1,part2,part3,part4,part5,part6,part7,part8,part9,part10,total,status
KangsanLee_20202467_HW06,10,5,20,10,20,5,10,5,5,10,100.0,ok
cae_student,10,5,0,0,0,0,0,0,0,0,15.0,refused staff-only import: cae_tf.solution
stranger_HW06,10,5,20,10,20,5,10,5,5,10,100.0,ok
'''
CANVAS = '''Student,ID,SIS User ID,SIS Login ID,Section,HW06 (4242)
Points Possible,,,,,100
Kangsan Lee,12345,S20202467,kangsan,Sec 1,100.0
Namjeong Lee,12346,S20202468,namjeong,Sec 1,15.0
Jiwoo Park,12347,S20201111,jiwoo,Sec 2,
'''
MOODLE = '''Email address,ID number,HW06 (4242),Feedback
kangsan@postech.ac.kr,20202467,100.0,ok
namjeong@postech.ac.kr,20202468,15.0,refused staff-only import: cae_tf.solution
jiwoo@postech.ac.kr,20201111,,no submission
'''


@pytest.fixture
def graded(tmp_path):
    """A class of three graded by `grade --roster`: one file per naming scheme, one student
    missing, one file of no student."""
    roster = tmp_path / 'roster.csv'
    roster.write_text(ROSTER)
    files = [tmp_path / 'hand-ins' / 'KangsanLee_20202467_HW06.ipynb',
             tmp_path / 'submitted' / '20202468' / 'hw06' / 'cae_student.ipynb',
             tmp_path / 'hand-ins' / 'stranger_HW06.ipynb']
    grades = tmp_path / 'grades'
    grades.mkdir()
    (grades / 'grades.csv').write_text(GRADES)
    by_student, unmatched = export.match([str(f) for f in files], export.read_roster(roster))
    export.write_matches(str(grades), by_student)
    return roster, grades, files, by_student, unmatched


def test_the_roster_matches_file_name_patterns_and_reports_who_is_missing(graded):
    roster, _, files, by_student, unmatched = graded
    assert by_student == {'20202467': str(files[0]), '20202468': str(files[1])}
    assert unmatched == [str(files[2])]
    report = export.roster_report(by_student, unmatched, export.read_roster(roster))
    assert report.splitlines() == ['2 of 3 students have a submission',
                                   'submission with no student: %s' % files[2],
                                   'student with no submission: 20201111']


@pytest.mark.parametrize('fmt, expected', [('canvas', CANVAS), ('moodle', MOODLE)])
def test_gradebook_files_are_the_documented_format_and_reruns_change_nothing(graded, fmt,
                                                                              expected):
    roster, grades, _, _, _ = graded
    out = grades / ('%s.csv' % fmt)
    for _ in range(2):
        export.export(str(grades), str(roster), fmt, str(out), assignment='HW06 (4242)')
        assert out.read_text() == expected
    rows = list(csv.reader(out.open()))
    assert len({len(r) for r in rows}) == 1  # rectangular, as the importers want


def test_plain_csv_and_the_command_line(graded):
    roster, grades, _, _, _ = graded
    out = grades / 'plain.csv'
    proc = subprocess.run([sys.executable, '-m', 'cae_tf', 'export', '--grades', str(grades),
                           '--roster', str(roster), '--format', 'csv', '--out', str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().splitlines()[1:] == [
        '20202467,Kangsan Lee,KangsanLee_20202467_HW06,100.0,ok',
        '20202468,Namjeong Lee,cae_student,15.0,refused staff-only import: cae_tf.solution',
        '20201111,Jiwoo Park,,,no submission']


def test_bad_rosters_say_what_is_wrong(tmp_path):
    for text, message in (('name\nx\n', 'needs a header with an "id" column'),
                          ('id\n1\n1\n', 'an id of their own')):
        path = tmp_path / 'r.csv'
        path.write_text(text)
        with pytest.raises(ValueError, match=message):
            export.read_roster(str(path))
    with pytest.raises(ValueError, match='grade with --roster first'):
        export.read_matches(str(tmp_path))


def test_grade_keeps_a_roster_that_lies_in_its_output_folder(tmp_path, capsys):
    """The natural layout, the roster beside the grades: grade's matching has a name of its own
    and the staff's roster stays byte for byte (a hand-in that is not JSON grades in no time)."""
    from cae_tf.__main__ import main
    grades = tmp_path / 'grades'
    grades.mkdir()
    roster = grades / 'roster.csv'
    roster.write_text(ROSTER)
    before = roster.read_bytes()
    hand_in = tmp_path / 'KangsanLee_20202467_HW06.ipynb'
    hand_in.write_text('not json')
    assert main(['grade', str(hand_in), '--out', str(grades), '--roster', str(roster),
                 '--no-sandbox']) == 0
    assert roster.read_bytes() == before
    assert export.read_matches(str(grades)) == {'20202467': str(hand_in)}
    out = tmp_path / 'canvas.csv'
    assert main(['export', '--grades', str(grades), '--roster', str(roster), '--format', 'csv',
                 '--out', str(out)]) == 0
    assert 'Jiwoo Park' in out.read_text()  # the student with no submission is still there


@pytest.mark.parametrize('argv', [
    ['export', '--grades', '{grades}', '--roster', '{roster}', '--format', 'csv',
     '--out', '{roster}'],
    ['export', '--grades', '{grades}', '--roster', '{roster}', '--format', 'csv',
     '--out', '{grades}/grades.csv'],
    ['grade', '{grades}/grades.csv', '--out', '{grades}', '--no-sandbox'],
    ['grade', '{hand_in}', '--out', '{grades}', '--roster', '{grades}/roster_matches.csv',
     '--no-sandbox'],
])
def test_grade_and_export_refuse_to_write_over_an_input(graded, tmp_path, argv):
    from cae_tf.__main__ import main
    roster, grades, files, _, _ = graded
    files[0].parent.mkdir(parents=True, exist_ok=True)
    files[0].write_text('{}')
    argv = [a.format(grades=grades, roster=roster, hand_in=files[0]) for a in argv]
    given = {p: open(p, 'rb').read() for p in argv if os.path.isfile(p)}
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert all(open(p, 'rb').read() == b for p, b in given.items())


# Canvas's gradebook as its Export button downloads it, written from canvas-lms's
# lib/gradebook_exporter.rb: a BOM; Student ("Last, First"), ID, SIS User ID, SIS Login ID,
# Section, one column per assignment named "Title (id)", the totals; a row of posting policies
# (an assignment's grades hidden) and "    Points Possible", both with no ID; the test student
# last. The files Canvas's "Download Submissions" names: login_userid_submissionid_name.
CANVAS_EXPORT = (
    '\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,HW05 (4241),HW06 (4242),Current Score,'
    'Unposted Current Score,Final Score,Unposted Final Score\n'
    ',,,,,,Manual Posting,,,,\n'
    '    Points Possible,,,,,100.00,100.00,(read only),(read only),(read only),(read only)\n'
    '"Lee, Kangsan",12345,S20202467,kangsan,Sec 1,90.00,,90.00,90.00,45.00,45.00\n'
    '"Lee, Namjeong",12346,S20202468,namjeong,Sec 1,80.00,,80.00,80.00,40.00,40.00\n'
    '"Park, Jiwoo",12347,S20201111,jiwoo,Sec 2,70.00,,70.00,70.00,35.00,35.00\n'
    '"Student, Test",12399,,7a1b2c3d,Sec 1,,,,,,\n')
CANVAS_GRADES = (
    'submission,part1,part2,part3,part4,part5,part6,part7,part8,part9,part10,total,status\n'
    'leekangsan_12345_678901_KangsanLee_HW06,10,5,20,10,20,5,10,5,5,10,100.0,ok\n'
    'leenamjeong_LATE_12346_678902_cae_student,10,5,20,10,0,0,0,0,0,0,45.0,ok\n')


def canvas_export(separator, names):
    """CANVAS_EXPORT as a user's settings may change it: semicolons, or names in two columns."""
    rows = list(csv.reader(io.StringIO(CANVAS_EXPORT)))
    if names == 'LastName,FirstName':
        rows = [['LastName', 'FirstName'] + rows[0][1:]] + [
            (r[0].split(', ') if ', ' in r[0] else [r[0], '']) + r[1:] for r in rows[1:]]
    text = io.StringIO()
    csv.writer(text, delimiter=separator, lineterminator='\n').writerows(rows)
    return text.getvalue()


@pytest.mark.parametrize('separator, names', [
    (',', 'Student'), (';', 'Student'), ('\t', 'Student'), (',', 'LastName,FirstName')])
def test_canvas_gradebook_export_is_a_roster_as_downloaded(tmp_path, separator, names):
    """Graded without --roster, exported with Canvas's own export as the roster: each student
    by their Canvas id, the Points Possible and posting rows skipped, the assignment's column
    filled; an assignment name not in the gradebook is pointed out with the ones that are."""
    roster = tmp_path / 'gradebook.csv'
    roster.write_text(canvas_export(separator, names), encoding='utf-8')
    students = export.read_roster(str(roster))
    assert [(s['id'], s['name'], s['sis_user_id'], s['section']) for s in students] == [
        ('12345', 'Lee, Kangsan', 'S20202467', 'Sec 1'),
        ('12346', 'Lee, Namjeong', 'S20202468', 'Sec 1'),
        ('12347', 'Park, Jiwoo', 'S20201111', 'Sec 2'),
        ('12399', 'Student, Test', '', 'Sec 1')]
    assert export.canvas_assignments(str(roster)) == ['HW05 (4241)', 'HW06 (4242)']
    grades = tmp_path / 'grades'
    grades.mkdir()
    (grades / 'grades.csv').write_text(CANVAS_GRADES)
    out = tmp_path / 'import.csv'
    proc = subprocess.run([sys.executable, '-m', 'cae_tf', 'export', '--grades', str(grades),
                           '--roster', str(roster), '--format', 'canvas', '--out', str(out),
                           '--assignment', 'HW06 (4242)'], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[:3] == ['2 of 4 students have a submission',
                                            'student with no submission: 12347',
                                            'student with no submission: 12399']
    assert 'note:' not in proc.stdout
    assert out.read_text() == (
        'Student,ID,SIS User ID,SIS Login ID,Section,HW06 (4242)\n'
        'Points Possible,,,,,100\n'
        '"Lee, Kangsan",12345,S20202467,kangsan,Sec 1,100.0\n'
        '"Lee, Namjeong",12346,S20202468,namjeong,Sec 1,45.0\n'
        '"Park, Jiwoo",12347,S20201111,jiwoo,Sec 2,\n'
        '"Student, Test",12399,,7a1b2c3d,Sec 1,\n')
    other = tmp_path / 'other.csv'
    proc = subprocess.run([sys.executable, '-m', 'cae_tf', 'export', '--grades', str(grades),
                           '--roster', str(roster), '--format', 'canvas', '--out', str(other)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert ("note: 'HW06 Conditional AutoEncoder' is not a column of the gradebook %s, so "
            "Canvas will add it as a new assignment; to fill one of its own, give --assignment "
            "one of: 'HW05 (4241)', 'HW06 (4242)'" % roster) in proc.stdout


def test_an_empty_canvas_export_is_refused(tmp_path):
    path = tmp_path / 'gradebook.csv'
    path.write_text(CANVAS_EXPORT.split('\n', 1)[0] + '\n    Points Possible,,,,,100,100\n')
    with pytest.raises(ValueError, match='has no students'):
        export.read_roster(str(path))
