"""The demo's class: the student notebook filled five ways, named as Canvas names its downloads.

- the seed's own 2020 code in the blanks (``cae_tf/similarity/data/solution_2020.txt``, cut to
  fit them, as ``tests/seed_fills.py`` does), both discussions answered;
- the same with a tanh turned into a sigmoid in the encoder, and with an absolute error for a
  squared one in the loss: two planted faults, each costing points in its own part;
- the same with discussion (10) left unanswered;
- :mod:`cae_tf.demo.independent`, a correct hand-in written without the seed.
"""
import re

import nbformat

from cae_tf.demo.independent import FILLS as INDEPENDENT
from cae_tf.demo.fill import fill_blanks
from cae_tf.grading.discussions import PLACEHOLDER
from cae_tf.similarity.code import SOLUTION_2020

ANSWER_9 = ('Yes: decoded from one point, the ten digits share one style (size, slant, stroke). '
            'The label chooses the digit; the latent point how it is drawn.')
ANSWER_10 = ('The manifolds change alike for every label: Z1 moves the slant, Z2 the width. '
             'Where no test code lies, every label gives the same blur.')
# (file name as Canvas downloads it: name_userid_attachmentid_original, roster row, what it is)
CLASS = (('kimminji_10001_501_HW06', 'Kim Minji', 'the seed\'s 2020 code in the blanks'),
         ('leejiwoo_10002_502_HW06', 'Lee Jiwoo', 'a sigmoid in the encoder (part 3)'),
         ('parkseo_10003_503_HW06', 'Park Seo', 'an absolute error as the loss (part 4)'),
         ('choihana_10004_504_HW06', 'Choi Hana', 'discussion (10) left unanswered'),
         ('jungdoyun_10005_505_HW06', 'Jung Doyun', 'written independently, correct'))
MISSING_STUDENT = ('10006', 'Han Yuna')  # on the roster, no hand-in: the roster report says so


def seed_cells(path=SOLUTION_2020):
    """``{part: source}`` of the 2020 solution's code cells."""
    with open(path, encoding='utf-8') as f:
        pieces = re.split(r'^# In\[ \]: \((\d+)\)[^\n]*\n', f.read(), flags=re.MULTILINE)
    return {int(pieces[i]): pieces[i + 1].strip('\n') for i in range(1, len(pieces), 2)}


def seed_fills(cells=None):
    """The 2020 solution's lines for each blank of the student notebook, in order: its
    ``batch_norm_flat`` normalising its argument (``batch_image`` was undefined), part (9)'s loop
    keeping each image in ``fake_images``, which the given plot shows."""
    cells = cells or seed_cells()

    def after(part, marker):
        return cells[part].split(marker, 1)[1].strip('\n')

    def between(part, start, end):
        return cells[part].split(start, 1)[1].split(end, 1)[0].strip('\n')
    return [between(1, 'one_hot=True)\n', '\nprint'), after(2, '# Solution\n'),
            after(3, '# solution\n').replace('batch_image', 'batch_flat'),
            after(4, '# solution\n'), between(5, '# solution\n', '\nplt.figure'),
            after(6, '# solution\n'), after(7, '# solution\n'), after(8, '# solution\n'),
            'new_data = np.array([[-4, 3]])',
            'fake_images = []\nfor i in range(10):\n'
            '    feed = {latent_input: new_data, y: np.eye(10, dtype=np.float32)[i:i+1]}\n'
            '    fake_image = sess.run(reconst, feed_dict = feed)\n'
            '    fake_images.append(fake_image)',
            between(10, '# solution\n', '\n\n    plt.imshow')]


def _answer(nb, number, text):
    label = '**Discussion (%d)' % number
    for cell in nb.cells:
        if cell.cell_type == 'markdown' and cell.source.startswith(label):
            cell.source = cell.source.replace(PLACEHOLDER, text)
    return nb


def _hand_in(template, fills, n_iter, answers=(ANSWER_9, ANSWER_10)):
    nb = fill_blanks(template, fills)
    for cell in nb.cells:
        cell.source = cell.source.replace('n_iter = 5000', 'n_iter = %d' % n_iter)
    for number, text in zip((9, 10), answers):
        if text:
            _answer(nb, number, text)
    return nb


def demo_class(template, n_iter=5000):
    """``{file name: notebook}`` of the demo's five hand-ins of the student notebook
    ``template``, trained ``n_iter`` steps."""
    key = seed_fills()
    sigmoid = list(key)
    sigmoid[2] = sigmoid[2].replace('encoder1 = tf.nn.tanh', 'encoder1 = tf.nn.sigmoid')
    absolute = list(key)
    absolute[3] = absolute[3].replace('tf.square(', 'tf.abs(')
    notebooks = [_hand_in(template, key, n_iter), _hand_in(template, sigmoid, n_iter),
                 _hand_in(template, absolute, n_iter),
                 _hand_in(template, key, n_iter, (ANSWER_9, None)),
                 _hand_in(template, INDEPENDENT, n_iter)]
    return {name + '.ipynb': nb for (name, _, _), nb in zip(CLASS, notebooks)}


def write_class(template, folder, n_iter=5000):
    """Write the demo's hand-ins into ``folder``; return their paths."""
    paths = []
    for name, nb in demo_class(template, n_iter).items():
        paths.append('%s/%s' % (folder, name))
        nbformat.write(nb, paths[-1])
    return paths
