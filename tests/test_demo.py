"""The README's quick start, run top to bottom: ``make venv`` (this test runs inside that venv)
then the demo class, trained 300 steps instead of 5000, graded in the sandbox. Each planted fault
costs points in its own part only, the unanswered discussion costs its written points, the
gradebook and the handed-back zip hold every student, and the walk-through opens in a browser."""
import csv
import os
import re
import shlex
import subprocess
import sys
import zipfile

import pytest

from browser import browser_page, needs_browser, screenshot
from cae_tf.grading.registry import PARTS
from needs_sandbox import needs_sandbox

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = [pytest.mark.slow, needs_sandbox]


def quick_start():
    """The shell lines of the README's quick start section."""
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
        section = re.search(r'^## Try it in ten minutes\n(.*?)^## ', f.read(),
                            re.MULTILINE | re.DOTALL).group(1)
    block = re.search(r'```bash\n(.*?)```', section, re.DOTALL).group(1)
    return [re.sub(r'\s+#.*$', '', line).strip() for line in block.splitlines() if line.strip()]


@pytest.fixture(scope='module')
def demo(tmp_path_factory):
    setup, run = quick_start()
    assert setup == 'make venv'
    words = shlex.split(run)
    assert words[:4] == ['.venv/bin/python', '-m', 'cae_tf', 'demo']
    out = str(tmp_path_factory.mktemp('demo') / 'demo')
    words[words.index('--out') + 1] = out
    proc = subprocess.run([sys.executable] + words[1:] + ['--n-iter', '300'], cwd=ROOT,
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == 'demo: %s' % os.path.join(out, 'index.html')
    return out


def table(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def test_each_planted_fault_costs_points_in_its_own_part_only(demo):
    grades = {r['submission'].split('_')[0]: r for r in table(os.path.join(demo, 'grades',
                                                                            'grades.csv'))}
    assert {r['status'] for r in grades.values()} == {'ok'}
    key = grades['kimminji']
    for name, part in (('leejiwoo', 3), ('parkseo', 4)):
        lost = [p for p in PARTS if float(grades[name]['part%d' % p]) < float(key['part%d' % p])]
        assert lost == [part], (name, lost)
    assert [grades['choihana']['part%d' % p] for p in PARTS] == \
        [key['part%d' % p] for p in PARTS]
    assert float(grades['jungdoyun']['part3']) == PARTS[3].points  # written independently


def test_the_gradebook_adds_the_written_points_and_names_every_student(demo):
    with open(os.path.join(demo, 'canvas.csv'), newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    assert rows[0][-1] == 'HW06 (1234)' and rows[1][-1] == '110'
    grades = {r['submission'].split('_')[1]: float(r['total'])
              for r in table(os.path.join(demo, 'grades', 'grades.csv'))}
    totals = {r[1]: r[-1] for r in rows[2:]}
    assert totals.pop('10006') == ''  # on the roster, no hand-in
    # the demo's TA gives each answer its 5 points; 10004 left discussion (10) unanswered
    assert {k: float(v) for k, v in totals.items()} == {
        k: grades[k] + (5 if k == '10004' else 10) for k in grades}
    with zipfile.ZipFile(os.path.join(demo, 'canvas_feedback.zip')) as archive:
        assert sorted(archive.namelist()) == sorted(
            '%s_feedback.html' % r['submission'].rsplit('_', 1)[0]
            for r in table(os.path.join(demo, 'grades', 'grades.csv')))


def test_the_copies_of_the_2020_code_are_flagged_and_the_independent_hand_in_is_not(demo):
    against = {r['hand-in'].split('_')[0]: float(r['share of hand-in'])
               for r in table(os.path.join(demo, 'similarity', 'similarity.csv'))
               if r['kind'] == '2020 solution'}
    assert against['jungdoyun'] < 0.5
    assert min(against[n] for n in ('kimminji', 'leejiwoo', 'parkseo', 'choihana')) > 0.8


@needs_browser
def test_the_walk_through_opens_and_links_each_output(demo):
    with browser_page() as page:
        page.goto('file://' + os.path.join(demo, 'index.html'))
        text = page.inner_text('body')
        for step in ('Release', 'Grade once, with the roster', 'The written answers',
                     'Gradebook', 'Hand the pages back'):
            assert step in text
        links = page.eval_on_selector_all('a', 'links => links.map(a => a.getAttribute("href"))')
        screenshot(page, 'demo_index')
    missing = [link for link in links if not os.path.exists(os.path.join(demo, link))]
    assert missing == []
