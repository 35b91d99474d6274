"""``review``, ``export --written``, ``feedback --written`` and Gradescope's discussion tests on a
graded class: the answers beside the students' figures in a real browser (nothing a student wrote
runs), the scores saved from the page and joined, the totals in the gradebook, a PDF a person can
read, and a re-run that never loses a score."""
import base64
import csv
import io
import json
import os
import shutil
import subprocess

import nbformat
import pytest
from PIL import Image

from browser import browser_page, needs_browser, screenshot
from cae_tf.grading import batch, export, gradescope, rows, written
from cae_tf.review import ReviewError, review, write_feedback
from test_discussions import HOSTILE, KOREAN, answered, student

RED, BLUE = (220, 20, 20), (20, 20, 220)
ANSWERS = {'alice': {'9': {'status': 'answered', 'text': KOREAN},
                     '10': {'status': 'answered', 'text': 'The manifolds vary alike.'}},
           'bob': {'9': {'status': 'answered', 'text': HOSTILE},
                   '10': {'status': 'unanswered', 'text': ''}},
           'carol': {}}  # a notebook that could not be read: nothing found


def png(colour, size=(120, 80)):
    buffer = io.BytesIO()
    Image.new('RGB', size, colour).save(buffer, 'PNG')
    return base64.b64encode(buffer.getvalue()).decode()


def graded_class(folder, answers=ANSWERS):
    """A folder as ``grade --roster`` leaves it: grades.csv, roster matches, feedback/."""
    os.makedirs(os.path.join(folder, 'feedback'), exist_ok=True)
    grades = {}
    for name, found in answers.items():
        row = dict(rows.zero_row(name, 'ok'), total=90.0)
        grades[name] = row
        base = os.path.join(folder, 'feedback', name)
        with open(base + '.json', 'w', encoding='utf-8') as f:
            json.dump({'row': row, 'results': [], 'discussions': found}, f)
        with open(base + '.figures.json', 'w', encoding='utf-8') as f:
            json.dump({'9': [png(RED)], '10': [png(BLUE)] * 10}, f)
    rows.write_rows(os.path.join(folder, 'grades.csv'), grades)
    export.write_matches(folder, {'id-' + name: '/hand-ins/%s.ipynb' % name for name in answers})
    with open(os.path.join(folder, 'roster.csv'), 'w', encoding='utf-8') as f:
        f.write('id,name\n' + ''.join('id-%s,%s\n' % (n, n.title()) for n in answers))
    return folder


def fill(sheet_path, points, out_path):
    """The sheet with ``points[(submission, discussion)] = (points, comment)`` filled in."""
    with open(sheet_path, newline='', encoding='utf-8') as f:
        table = rows.read_csv(f)
    for row in table:
        row['points'], row['comment'] = points.get((row['submission'], row['discussion']),
                                                   ('', ''))
    with open(out_path, 'w', newline='', encoding='utf-8') as f:
        rows.write_csv(f, [list(written.SHEET_COLUMNS)] +
                       [[r[c] for c in written.SHEET_COLUMNS] for r in table])
    return str(out_path)


FULL = {('alice', '9'): ('5', 'clear'), ('alice', '10'): ('4', ''),
        ('bob', '9'): ('1', '=HYPERLINK("x")'), ('bob', '10'): ('0', 'unanswered'),
        ('carol', '9'): ('0', ''), ('carol', '10'): ('0', '')}


def test_review_writes_pages_and_a_sheet_and_a_rerun_only_adds_rows(tmp_path):
    folder = graded_class(str(tmp_path / 'grades'))
    out = review(folder)
    assert sorted(os.listdir(out)) == ['discussion10.html', 'discussion9.html', 'index.html',
                                       'rubric.json', 'scores.csv']
    with open(os.path.join(out, 'scores.csv'), newline='', encoding='utf-8') as f:
        table = rows.read_csv(f)
    assert [(r['submission'], r['discussion'], r['max'], r['points']) for r in table] == [
        (n, d, '5', '') for n in ('alice', 'bob', 'carol') for d in ('9', '10')]
    page = open(os.path.join(out, 'discussion9.html'), encoding='utf-8').read()
    assert '<strong>같은 스타일</strong>' in page and '<script>window' not in page
    index = open(os.path.join(out, 'index.html'), encoding='utf-8').read()
    assert '1 missing' in index and '1 unanswered' in index
    # a TA fills the sheet in place; a late hand-in arrives; review runs again
    fill(os.path.join(out, 'scores.csv'), FULL, tmp_path / 'filled.csv')
    shutil.copy(tmp_path / 'filled.csv', os.path.join(out, 'scores.csv'))
    graded_class(folder, dict(ANSWERS, dave={}))
    review(folder)
    with open(os.path.join(out, 'scores.csv'), newline='', encoding='utf-8') as f:
        again = rows.read_csv(f)
    assert again[:6] == rows.read_csv(open(tmp_path / 'filled.csv', newline='',
                                           encoding='utf-8'))
    assert [(r['submission'], r['points']) for r in again[6:]] == [('dave', ''), ('dave', '')]
    with pytest.raises(ReviewError, match='no graded hand-ins'):
        review(str(tmp_path / 'empty'))


def test_filled_sheets_change_the_gradebooks_totals_by_their_points(tmp_path):
    folder = graded_class(str(tmp_path / 'grades'))
    review(folder)
    sheet = fill(os.path.join(folder, 'review', 'scores.csv'), FULL, tmp_path / 'ta.csv')
    roster = os.path.join(folder, 'roster.csv')
    out = export.export(folder, roster, 'canvas', str(tmp_path / 'canvas.csv'), 'HW06 (4242)',
                        [sheet])
    table = list(csv.reader(open(out, encoding='utf-8')))
    assert table[1][-1] == '110'  # points possible: 100 + 5 + 5
    assert [r[-1] for r in table[2:]] == ['99', '91', '90']
    plain = export.export(folder, roster, 'csv', str(tmp_path / 'plain.csv'), written=[sheet])
    assert list(csv.DictReader(open(plain, encoding='utf-8')))[1] == {
        'id': 'id-bob', 'name': 'Bob', 'submission': 'bob', 'auto': '90.0', 'written': '1',
        'total': '91', 'status': 'ok'}
    moodle = export.export(folder, roster, 'moodle', str(tmp_path / 'moodle.csv'),
                           written=[sheet])
    assert [r[2] for r in csv.reader(open(moodle, encoding='utf-8'))][1:] == ['99', '91', '90']
    disagree = fill(sheet, {**FULL, ('bob', '9'): ('2', '')}, tmp_path / 'ta2.csv')
    with pytest.raises(written.WrittenError, match='ta.csv line 4 and .*ta2.csv line 4'):
        export.export(folder, roster, 'csv', str(tmp_path / 'x.csv'), written=[sheet, disagree])
    with pytest.raises(ValueError, match='refusing to write over it'):
        export.export(folder, roster, 'csv', sheet, written=[sheet])


def test_feedback_with_the_written_points_goes_to_a_folder_of_its_own(tmp_path):
    folder = graded_class(str(tmp_path / 'grades'))
    review(folder)
    sheet = fill(os.path.join(folder, 'review', 'scores.csv'), FULL, tmp_path / 'ta.csv')
    out = write_feedback(folder, [sheet], str(tmp_path / 'final'))
    page = open(os.path.join(out, 'alice.html'), encoding='utf-8').read()
    assert 'alice: 99.0 / 110' in page and 'written: 9 / 10' in page and KOREAN[:10] in page
    assert '=HYPERLINK(&quot;x&quot;)' in open(os.path.join(out, 'bob.html'),
                                               encoding='utf-8').read()
    with pytest.raises(ReviewError, match='own feedback'):
        write_feedback(folder, [sheet], os.path.join(folder, 'feedback'))


def test_gradescope_shows_each_discussion_to_graders_as_a_test_of_no_points():
    content = gradescope.results_json(dict(rows.zero_row('hw', 'ok'), total=90.0), [],
                                      answers=ANSWERS['bob'], key={})
    tests = {t['name']: t for t in content['tests']}
    nine = tests['Discussion (9): graded by course staff, not by the autograder']
    assert (nine['output'], nine['output_format'], nine['max_score'], nine['visibility']) == (
        HOSTILE, 'text', 0.0, 'visible')
    assert tests['Discussion (10): graded by course staff, not by the autograder']['output'] == \
        '(left unanswered)'
    assert content['score'] == 90.0


@needs_browser
def test_the_review_page_shows_answers_and_figures_runs_nothing_and_saves_scores(tmp_path):
    folder = graded_class(str(tmp_path / 'grades'))
    out = review(folder)
    with browser_page() as page:
        page.goto('file://' + os.path.join(out, 'discussion9.html'))
        text = page.inner_text('body')
        assert KOREAN.replace('**', '') in text
        assert '<script>window.pwned = 1</script>' in text  # shown as text, not run
        assert page.evaluate('window.pwned') is None
        widths = page.eval_on_selector_all('article img', 'imgs => imgs.map(i => i.naturalWidth)')
        assert widths == [120, 120, 120]  # each one's figure of part (9), decoded
        articles = page.locator('article')
        articles.nth(0).locator('input').fill('4.5')
        articles.nth(0).locator('textarea').fill('=1+1, "quoted"')
        articles.nth(1).locator('input').fill('2')
        with page.expect_download() as download:
            page.click('#save')
        saved = str(tmp_path / 'saved.csv')
        download.value.save_as(saved)
        screenshot(page, 'review_discussion9')
    rest = fill(os.path.join(out, 'scores.csv'), {k: v for k, v in FULL.items() if k[1] == '10'},
                tmp_path / 'rest.csv')
    saved_rows = list(csv.reader(open(saved, encoding='utf-8')))
    assert saved_rows[1][4] == "'=1+1, \"quoted\""  # inert in a spreadsheet
    with pytest.raises(written.WrittenError, match=r'no score .* carol \(9\)'):
        written.join_sheets([saved, rest], {'alice', 'bob', 'carol'}, written.DEFAULT_RUBRIC)
    carol = tmp_path / 'carol.csv'
    carol.write_text('submission,discussion,max,points,comment\ncarol,9,5,0,\n', encoding='utf-8')
    scores = written.join_sheets([saved, rest, str(carol)], {'alice', 'bob', 'carol'},
                                 written.DEFAULT_RUBRIC)
    assert scores['alice', 9].points == 4.5 and scores['alice', 9].comment == '=1+1, "quoted"'


@needs_browser
def test_a_pdf_per_student_holds_the_answer_and_shows_the_figures(tmp_path):
    if not shutil.which('pdftotext') or not shutil.which('pdftoppm'):
        pytest.skip('poppler-utils is not installed (make test installs it as root)')
    folder = graded_class(str(tmp_path / 'grades'))
    out = review(folder, pdf=True)
    pdf = os.path.join(out, 'pdf', 'alice.pdf')
    text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True, text=True).stdout
    assert 'Discussion (10)' in text and 'The manifolds vary alike.' in text
    subprocess.run(['pdftoppm', '-png', '-r', '40', '-f', '1', '-l', '1', pdf,
                    str(tmp_path / 'page')], check=True)
    first = Image.open(next(tmp_path.glob('page*.png'))).convert('RGB')
    colours = {c for _, c in first.getcolors(1 << 20)}
    near = lambda colour: any(max(abs(a - b) for a, b in zip(c, colour)) < 30 for c in colours)
    assert near(RED) and near(BLUE)  # part (9)'s figure and part (10)'s on the first page
    assert 'alice.pdf' in open(os.path.join(out, 'index.html'), encoding='utf-8').read()


@pytest.mark.slow
def test_a_graded_hand_in_brings_its_answers_to_the_review(tmp_path):
    """The worker keeps the answers of the notebook as handed in (here one that stops at its
    first cell); the review shows them."""
    nb = answered(answered(student(), 9, KOREAN), 10, 'Alike for every label.')
    stop = nbformat.v4.new_code_cell('raise SystemExit("stop here")')
    del stop['id']  # the notebook's format (4.4) has no cell ids
    nb.cells.insert(0, stop)
    nbformat.write(nb, str(tmp_path / 'kim_HW06.ipynb'))
    batch.grade_batch([str(tmp_path / 'kim_HW06.ipynb')], str(tmp_path / 'grades'), log=None,
                      isolate=False, budget=120)
    out = review(str(tmp_path / 'grades'))
    page = open(os.path.join(out, 'discussion10.html'), encoding='utf-8').read()
    assert '<p>Alike for every label.</p>' in page
    assert '<strong>같은 스타일</strong>' in open(os.path.join(out, 'discussion9.html'),
                                             encoding='utf-8').read()
