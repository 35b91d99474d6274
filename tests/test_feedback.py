"""The feedback page a student gets: self-contained, their figures beside the answer key's, the
notebook's sentence for each check; nothing a notebook's output can smuggle into it."""
import base64
import io
import os
import re

import nbformat
import numpy as np

from cae_tf import notebook
from cae_tf.grading import feedback
from cae_tf.grading.registry import PARTS
from cae_tf.release import leaks

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLUTION = os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb')


def png(width=40, height=30, colour=(200, 30, 30)):
    from PIL import Image
    out = io.BytesIO()
    Image.new('RGB', (width, height), colour).save(out, 'PNG')
    return base64.b64encode(out.getvalue()).decode('ascii')


def executed(outputs_by_part):
    """A notebook with a heading and one code cell per part, holding the given outputs."""
    nb = nbformat.v4.new_notebook()
    for part, outputs in outputs_by_part.items():
        nb.cells.append(nbformat.v4.new_markdown_cell('### (%d) part' % part))
        cell = nbformat.v4.new_code_cell('pass')
        cell.outputs = [nbformat.v4.new_output('display_data', data=data) for data in outputs]
        nb.cells.append(cell)
    return nb


def test_the_packaged_answer_key_is_the_recorded_solutions_figures():
    recorded = {}
    for part, output in notebook.part_outputs(nbformat.read(SOLUTION, as_version=4)):
        if 'image/png' in output.get('data', {}):
            recorded.setdefault(part, []).append(''.join(output['data']['image/png'].split()))
    assert feedback.answer_key() == recorded, 'stale: python -m cae_tf record writes it'
    assert sorted(recorded) == [p for p, r in sorted(PARTS.items()) if r.figures]


def test_only_real_pngs_reach_the_page():
    from PIL import Image
    hostile = ['"><script>alert(1)</script>', base64.b64encode(b'<svg onload=x>').decode(),
               base64.b64encode(b'\x89PNG\r\n\x1a\n' + b'junk' * 10).decode(),
               png(6000, 4000)]  # 24 M pixels: not a notebook's figure
    good = png()
    figures = feedback.images_by_part(executed({5: [{'image/png': h} for h in hostile] + [
        {'image/png': good, 'text/plain': '<Figure size 10x8 with 1 Axes>'},
        {'text/html': '<script>alert(2)</script>'}]}))
    assert list(figures) == [5] and len(figures[5]) == 1
    # only parts graded by their figures, and a page never takes what is not base64
    assert feedback.images_by_part(executed({999: [{'image/png': good}], 4: [
        {'image/png': good}]})) == {}
    assert '<img' not in feedback.page('hw', {'total': 0.0, 'status': 'ok'}, [
        dict(part=5, name='figure', points=2, passed=False, message='none', measured='')],
        {5: ['x" onerror="alert(1)']}, key={})
    small = Image.open(io.BytesIO(base64.b64decode(figures[5][0])))
    assert small.size == (20, 15)  # re-encoded here, half size
    page = feedback.page('hw', {'total': 0.0, 'status': 'ok'}, [], figures, key={})
    assert '<script' not in page and 'onload' not in page


def test_the_page_shows_checks_sentences_measures_and_figures():
    results = [dict(part=5, name='loss falls', points=4, passed=False,
                    message='the training loss should fall to about 0.05 or less',
                    measured='your last recorded training loss: 0.0800 (expected 0.06 or less)'),
               dict(part=5, name='figure', points=2, passed=True, message='', measured=''),
               dict(part=4, name='loss', points=5, passed=True, message='', measured='')]
    page = feedback.page('doe_<b>', {'total': 7.0, 'status': 'ok'}, results,
                         {5: [png()]}, key={5: [png(colour=(0, 0, 0))]})
    assert page.startswith('<!DOCTYPE html>') and '<title>Feedback: doe_&lt;b&gt;</title>' in page
    assert 'Part 5: 2.0 / 6.0 points' in page and 'Part 4: 5.0 / 5.0 points' in page
    assert 'your last recorded training loss: 0.0800' in page
    assert ('The notebook says: Trained so, the loss falls to about 0.05: 0.06 or less at the end '
            'of <code>loss_record_train</code>') in page
    assert page.count('<img alt="yours') == 1 and page.count('<img alt="answer key') == 1
    # self-contained: no address outside the page (links within it only)
    assert not re.search(r'(src|href)="(?!data:image/png;base64,|#part-\d+")', page)
    # made of results, records and images: no solution line in it
    lines = leaks.solution_lines(SOLUTION)
    assert not [line for line in lines if line in page]
    assert not re.search(r'\d\.\d{5,}', re.sub(r'<img [^>]*>', '', page))


def test_the_text_says_each_check():
    text = feedback.text('hw', {'total': 4.0, 'status': 'ok'}, [dict(
        part=4, name='loss', points=5, passed=False, message='loss should be the MSE',
        measured='')])
    assert text == ('hw: 4.0 / 100 (ok)\n'
                    'part 4  loss                          0.0 / 5.0  loss should be the MSE\n')
    assert feedback.text('hw', {'total': 5.0, 'status': 'ok'}, [dict(
        part=5, name='trained model', points=6, passed=True, message='',
        measured='your MSE: 0.0430')]).splitlines()[1].endswith('6.0 / 6.0  ok; your MSE: 0.0430')
    assert feedback.text('hw', {'total': 0, 'status': 'not a notebook'}, []) == \
        'hw: not graded: not a notebook\n'


def test_figures_of_the_answer_key_are_small():
    sizes = [len(p) for pngs in feedback.answer_key().values() for p in pngs]
    assert sum(sizes) < 2 * 1024 ** 2 and np.max(sizes) < 300 * 1024


def test_the_page_leads_with_what_lost_points_and_folds_what_passed():
    results = [dict(part=1, name='train_imgs', points=1, passed=True, message='', measured='')
               for _ in range(8)] + [
        dict(part=5, name='loss falls', points=4, passed=False, message='should fall',
             measured='your last recorded training loss: 0.0800')]
    page = feedback.page('hw', {'total': 8.0, 'status': 'ok'}, results, {}, key={})
    lost = page.index('What lost points')
    assert lost < page.index('id="part-1"') and lost < page.index('The notebook says')
    assert 'your last recorded training loss: 0.0800' in page[lost:page.index('id="part-1"')]
    assert '<details id="part-1"><summary>' in page  # all passed: folded
    assert '<details id="part-5" open>' in page
    assert '<details><summary>8 checks passed</summary>' in page


def test_written_scores_show_the_answer_points_comment_and_both_totals():
    from cae_tf.grading.discussions import Answer
    written = {9: (Answer('answered', '같은 **스타일**'), 4.0, 5, 'good <b>'),
               10: (Answer('unanswered', ''), 0.0, 5, '')}
    page = feedback.page('hw', {'total': 90.0, 'status': 'ok'}, [], {}, key={},
                         written=written)
    assert 'hw: 94.0 / 110' in page and 'Code: 90.0 / 100; written: 4 / 10' in page
    assert '같은 <strong>스타일</strong>' in page and 'good &lt;b&gt;' in page
    assert 'Discussion (10): 0 / 5 points' in page and 'left unanswered' in page
