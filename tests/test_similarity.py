"""``python -m cae_tf similarity``: where a hand-in came from.

The class: the published 2020 solution pasted (into the template's blanks, and as the 2020
notebook's own cells), six correct hand-ins written independently (tests/handins: different
loops, names, helpers; each grades 100), and a copy of one of them with its names, comments,
literals and layout changed (tests/handin_variants.py). The pastes and the copied pair must be
flagged and no honest hand-in.
"""
import os
import random
import subprocess
import sys

import nbformat
import pytest

from cae_tf import similarity
from cae_tf.grading.submission import read_submission
from cae_tf.similarity import code, fingerprint
from handin_fill import fill_blanks
from handin_variants import renamed_copy, variants
from seed_fills import SEED_FILLS
from seed_submission import submission

TEMPLATE = code.TEMPLATE
HONEST = sorted(variants())


@pytest.fixture(scope='module')
def hand_ins(tmp_path_factory):
    folder = tmp_path_factory.mktemp('hand-ins')
    notebooks = {'paste_in_blanks': fill_blanks(TEMPLATE, SEED_FILLS),
                 'paste_as_2020_cells': submission(),
                 'copy_of_a1': fill_blanks(TEMPLATE, renamed_copy(variants()['variant_a1']))}
    notebooks.update({name: fill_blanks(TEMPLATE, fills) for name, fills in variants().items()})
    for name, nb in notebooks.items():
        nbformat.write(nb, str(folder / (name + '.ipynb')))
    return folder


@pytest.fixture(scope='module')
def analysed(hand_ins):
    template_lines = code.code_lines(read_submission(TEMPLATE))
    handins, unread = similarity.read_handins(sorted(map(str, hand_ins.iterdir())),
                                              template_lines)
    assert not unread
    return similarity.analyse(handins, template_lines)


def test_there_are_six_honest_hand_ins_or_more():
    assert len(HONEST) >= 6


def test_the_pastes_are_flagged_and_no_honest_hand_in(analysed):
    against_seed, _ = analysed
    scores = {m.left.name: m.score_left for m in against_seed}
    flagged = {m.left.name for m in against_seed
               if similarity.flagged(m, similarity.SEED_THRESHOLD, both_ways=False)}
    assert flagged == {'paste_in_blanks', 'paste_as_2020_cells'}, scores
    # measured: the pastes 0.91 and 0.92, the honest hand-ins 0.06 to 0.35
    assert min(scores['paste_in_blanks'], scores['paste_as_2020_cells']) > 0.8
    assert max(scores[name] for name in HONEST) < similarity.SEED_THRESHOLD - 0.1


def test_the_copied_pair_is_flagged_and_no_honest_pair(analysed):
    _, pairs = analysed
    flagged = {(m.left.name, m.right.name) for m in pairs
               if similarity.flagged(m, similarity.PAIR_THRESHOLD)}
    assert flagged == {('copy_of_a1', 'variant_a1'),
                       ('paste_as_2020_cells', 'paste_in_blanks')}
    honest = [max(m.score_left, m.score_right) for m in pairs
              if m.left.name in HONEST and m.right.name in HONEST]
    assert len(honest) == len(HONEST) * (len(HONEST) - 1) // 2
    assert max(honest) < similarity.PAIR_THRESHOLD - 0.1  # measured: at most 0.30


def test_the_command_writes_the_report_and_touches_no_grade(hand_ins, tmp_path):
    out = tmp_path / 'grades'
    out.mkdir()
    (out / 'grades.csv').write_text('submission,total\ncopy_of_a1,100\n')
    (hand_ins / 'broken.ipynb').write_text('{"cells": [')
    (hand_ins / 'deep.ipynb').write_text('{"cells": [], "metadata": %s%s}'
                                         % ('[' * 100000, ']' * 100000))
    try:
        done = subprocess.run([sys.executable, '-m', 'cae_tf', 'similarity', str(hand_ins),
                               '--out', str(out)], capture_output=True, text=True, timeout=300)
    finally:
        (hand_ins / 'broken.ipynb').unlink()
        (hand_ins / 'deep.ipynb').unlink()
    assert done.returncode == 0, done.stderr
    assert '9 hand-ins compared (2 not read)' in done.stdout
    assert 'not read: %s: unreadable notebook: nested too deeply to read' % (
        hand_ins / 'deep.ipynb') in done.stdout
    assert 'like the 2020 solution: paste_as_2020_cells (91%)' in done.stdout
    assert 'alike: copy_of_a1 and variant_a1 (100%, 100%)' in done.stdout
    assert 'not read: %s: unreadable notebook: not valid JSON' % (hand_ins / 'broken.ipynb') in \
        done.stdout
    assert (out / 'grades.csv').read_text() == 'submission,total\ncopy_of_a1,100\n'
    assert sorted(os.listdir(out)) == ['grades.csv', 'index.html', 'pair-1.html', 'pair-2.html',
                                       'seed-1.html', 'seed-2.html', 'similarity.csv']
    table = (out / 'similarity.csv').read_text().splitlines()
    assert len(table) == 1 + 9 + 9 * 8 // 2  # every hand-in against 2020, every pair
    page = (out / 'pair-1.html').read_text()
    assert 'copy_of_a1' in page and 'class="m"' in page


def test_a_hand_in_cannot_put_markup_into_the_report(tmp_path):
    evil = fill_blanks(TEMPLATE, SEED_FILLS)
    evil.cells[4].source += '\nx = "</pre><script>alert(1)</script>"'
    names = ['<img src=x onerror=alert(2)>', 'twin']
    for name in names:
        nbformat.write(evil, str(tmp_path / (name + '.ipynb')))
    (tmp_path / 'out').mkdir()
    (tmp_path / 'out' / 'pair-7.html').write_text('an earlier report\'s page')
    similarity.report([str(tmp_path / (name + '.ipynb')) for name in names],
                      str(tmp_path / 'out'))
    assert sorted(os.listdir(tmp_path / 'out')) == [
        'index.html', 'pair-1.html', 'seed-1.html', 'seed-2.html', 'similarity.csv']
    for page in ('index.html', 'pair-1.html', 'seed-1.html'):
        text = (tmp_path / 'out' / page).read_text()
        assert '<script>' not in text and '<img' not in text, page
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in (tmp_path / 'out' / 'pair-1.html').read_text()


def test_names_literals_comments_and_layout_do_not_change_the_tokens():
    one = [(1, 'h = tf.nn.tanh(tf.matmul(x, W["a"]) + 0.5)  # layer one')]
    two = [(1, 'hidden=tf.nn.tanh( tf.matmul(inp,weights[\'encoder1\'])+1e-3 )')]
    assert fingerprint.tokens(one) == fingerprint.tokens(two)
    assert [t.text for t in fingerprint.tokens(one)][:6] == ['V', '=', 'V', '.', 'nn', '.']
    three = [(1, 'h = tf.nn.sigmoid(tf.matmul(x, W["a"]) + 0.5)')]
    assert fingerprint.tokens(one) != fingerprint.tokens(three)  # a library's names stay


def test_winnowing_sees_every_shared_run_of_k_plus_w_minus_1_tokens():
    rng = random.Random(1)
    words = ['a%d' % i for i in range(40)]
    for _ in range(50):
        shared = ' . '.join(rng.choice(words) for _ in range(20))  # 39 tokens
        left = [(1, ' '.join(rng.choice('+-*/') for _ in range(rng.randrange(30))) + shared)]
        right = [(1, shared + ' '.join(rng.choice('%&|^') for _ in range(rng.randrange(30))))]
        a, b = fingerprint.Fingerprints(left), fingerprint.Fingerprints(right)
        assert a.chosen & b.chosen


def test_only_what_the_student_wrote_is_compared():
    template_lines = code.code_lines(read_submission(TEMPLATE))
    assert code.student_lines(read_submission(TEMPLATE), template_lines) == []
    filled = fill_blanks(TEMPLATE, SEED_FILLS)
    written = [text.strip() for _, text in code.student_lines(filled, template_lines)]
    expected = [line.strip() for fill in SEED_FILLS for line in fill.splitlines()
                if line.strip()]
    assert written == expected
