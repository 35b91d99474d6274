"""The written half: each discussion found in a hand-in (by its mark, else by its label) as the
student wrote it, or reported unanswered or missing; the rubric and the scores sheets, joined
and refused by name; the student notebook saying who reads each discussion, for how much."""
import json
import os

import nbformat
import pytest

from cae_tf.grading import discussions, written
from cae_tf.grading.discussions import ANSWERED, MISSING, UNANSWERED, Answer
from cae_tf.grading.worker import read_answers
from cae_tf.release.template import write_template

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUDENT = os.path.join(ROOT, 'notebooks', 'cae_student.ipynb')
SOLUTION = os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb')
KOREAN = '같은 점에서 디코딩한 열 개의 숫자는 **같은 스타일**(크기, 기울기, 굵기)을 가집니다.'
HOSTILE = ('They share a style. <script>window.pwned = 1</script>\n\n'
           '<img src="x" onerror="window.pwned = 1"> and [a link](javascript:window.pwned=1)')


def student():
    return nbformat.read(STUDENT, as_version=4)


def cell_of(nb, number):
    return next(i for i, c in enumerate(nb.cells)
                if c.metadata.get('cae_tf', {}).get('discussion') == number)


def answered(nb, number, text):
    index = cell_of(nb, number)
    nb.cells[index].source = nb.cells[index].source.replace(discussions.PLACEHOLDER, text)
    return nb


def test_the_student_notebook_marks_each_discussion_and_says_who_grades_it_for_how_much():
    nb = student()
    for number in discussions.DISCUSSIONS:
        source = nb.cells[cell_of(nb, number)].source
        assert source == ('**Discussion (%d), read and graded by course staff: 5 points.** '
                          '_Your answer here._' % number)


def test_a_rubric_of_zero_points_says_so_and_keeps_the_discussions_marked(tmp_path):
    rubric = {n: written.Rubric(0, []) for n in discussions.DISCUSSIONS}
    nb = nbformat.read(write_template(SOLUTION, str(tmp_path / 's.ipynb'), rubric), 4)
    assert 'read and graded by course staff: 0 points.' in nb.cells[cell_of(nb, 9)].source
    assert discussions.find_answers(nb) == {9: Answer(UNANSWERED, ''),
                                            10: Answer(UNANSWERED, '')}


def test_an_answer_in_korean_is_kept_exactly_and_html_is_kept_as_text():
    nb = answered(answered(student(), 9, KOREAN), 10, HOSTILE)
    assert discussions.find_answers(nb) == {9: Answer(ANSWERED, KOREAN),
                                            10: Answer(ANSWERED, HOSTILE)}
    page = discussions.answer_html(Answer(ANSWERED, HOSTILE))
    assert '<script' not in page and '<img' not in page and 'href="javascript' not in page
    assert '&lt;script&gt;window.pwned = 1&lt;/script&gt;' in page


def test_an_answer_over_two_cells_or_in_a_code_cells_comments_is_found_whole():
    nb = student()
    index = cell_of(nb, 9)
    nb.cells[index].source = nb.cells[index].source.replace(discussions.PLACEHOLDER,
                                                            'First paragraph.')
    nb.cells.insert(index + 1, nbformat.v4.new_markdown_cell('Second paragraph, its own cell.'))
    last = cell_of(nb, 10)
    nb.cells.insert(last + 1, nbformat.v4.new_code_cell(
        '# The manifolds change alike for every label:\n#   Z1 slant, Z2 width.\nx = 1'))
    assert discussions.find_answers(nb) == {
        9: Answer(ANSWERED, 'First paragraph.\n\nSecond paragraph, its own cell.'),
        10: Answer(ANSWERED, 'The manifolds change alike for every label:\n  Z1 slant, Z2 width.')}


def test_the_placeholder_left_is_unanswered_and_a_deleted_cell_missing():
    nb = student()
    del nb.cells[cell_of(nb, 10)]
    assert discussions.find_answers(nb) == {9: Answer(UNANSWERED, ''), 10: Answer(MISSING, '')}
    nb.cells[cell_of(nb, 9)].source = '**Discussion (9), read and graded by course staff.**   '
    assert discussions.find_answer(nb, 9) == Answer(UNANSWERED, '')


def test_where_a_platform_dropped_the_metadata_the_label_finds_the_discussion():
    nb = answered(student(), 9, KOREAN)
    for cell in nb.cells:
        cell.metadata.pop('cae_tf', None)
    assert discussions.find_answers(nb) == {9: Answer(ANSWERED, KOREAN),
                                            10: Answer(UNANSWERED, '')}
    # the 2020 notebook's label, without the points, is found too
    nb.cells[[c.source.startswith('**Discussion (9)') for c in nb.cells].index(True)].source = \
        '**Discussion (9).** Yes, one style.'
    assert discussions.find_answer(nb, 9) == Answer(ANSWERED, 'Yes, one style.')


def test_the_worker_keeps_the_answers_of_the_hand_in_and_none_of_an_unreadable_one(tmp_path):
    nbformat.write(answered(student(), 9, KOREAN), str(tmp_path / 'hw.ipynb'))
    assert read_answers(str(tmp_path / 'hw.ipynb')) == {
        '9': {'status': ANSWERED, 'text': KOREAN}, '10': {'status': UNANSWERED, 'text': ''}}
    (tmp_path / 'bad.ipynb').write_text('{"cells": [', encoding='utf-8')
    assert read_answers(str(tmp_path / 'bad.ipynb')) == {}


def test_a_rubric_is_read_back_as_written_and_a_broken_one_refused_by_name(tmp_path):
    path = written.write_rubric(str(tmp_path / 'rubric.json'))
    assert written.read_rubric(path) == written.DEFAULT_RUBRIC
    with pytest.raises(FileExistsError):
        written.write_rubric(path)
    for content, says in (({'9': {'points': -1}, '10': {'points': 5}}, 'discussion 9: points'),
                          ({'9': {'points': 5}}, 'names the discussions 9, 10'),
                          ({'9': {'points': 'five'}, '10': {'points': 5}}, 'points must be'),
                          ({'9': {'points': 5, 'criteria': 'x'}, '10': {'points': 5}},
                           'criteria must be')):
        (tmp_path / 'bad.json').write_text(json.dumps(content), encoding='utf-8')
        with pytest.raises(written.WrittenError, match=says):
            written.read_rubric(str(tmp_path / 'bad.json'))


def sheet(path, rows):
    with open(path, 'w', encoding='utf-8', newline='') as f:
        f.write('submission,discussion,max,points,comment\n')
        for row in rows:
            f.write(','.join(row) + '\n')
    return str(path)


CLASS = {'alice', 'bob'}


def test_two_tas_sheets_join_and_disagreement_is_refused_naming_both(tmp_path):
    rubric = written.DEFAULT_RUBRIC
    by_nine = sheet(tmp_path / 'ta1.csv', [('alice', '9', '5', '4', 'good'),
                                           ('bob', '9', '5', '2.5', ''),
                                           ('alice', '10', '5', '', ''),
                                           ('bob', '10', '5', '', '')])
    by_ten = sheet(tmp_path / 'ta2.csv', [('alice', '10', '5', '5', ''),
                                          ('bob', '10', '5', '0', 'missing'),
                                          ('alice', '9', '5', '4', 'good')])  # the same again
    scores = written.join_sheets([by_nine, by_ten], CLASS, rubric)
    assert written.written_totals(scores) == {'alice': 9.0, 'bob': 2.5}
    assert scores['bob', 10].comment == 'missing'
    other = sheet(tmp_path / 'ta3.csv', [('alice', '9', '5', '3', 'good')])
    with pytest.raises(written.WrittenError) as refused:
        written.join_sheets([by_nine, by_ten, other], CLASS, rubric)
    assert 'ta1.csv line 2' in str(refused.value) and 'ta3.csv line 2' in str(refused.value)


@pytest.mark.parametrize('row, says', [
    (('carol', '9', '5', '1', ''), "no submission named 'carol'"),
    (('alice', '11', '5', '1', ''), "there is no discussion '11'"),
    (('alice', '9', '5', '6', ''), '6 points for discussion (9), which is out of 5'),
    (('alice', '9', '5', '-1', ''), '-1 points'),
    (('alice', '9', '5', 'lots', ''), "'lots' is not a number")])
def test_a_score_that_cannot_be_is_refused_by_name(tmp_path, row, says):
    path = sheet(tmp_path / 'ta.csv', [row])
    with pytest.raises(written.WrittenError, match=r'ta\.csv line 2: .*' + says.replace(
            '(', r'\(').replace(')', r'\)')):
        written.join_sheets([path], CLASS, written.DEFAULT_RUBRIC)


def test_a_missing_score_is_refused_naming_the_answers(tmp_path):
    path = sheet(tmp_path / 'ta.csv', [('alice', '9', '5', '4', ''), ('alice', '10', '5', '4', ''),
                                       ('bob', '9', '5', '4', '')])
    with pytest.raises(written.WrittenError, match=r'no score in .* for 1 answer: bob \(10\)'):
        written.join_sheets([path], CLASS, written.DEFAULT_RUBRIC)
