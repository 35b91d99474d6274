"""The notebook regression still catches real changes: each mutation of the solution, run up to the
full-test-set MSE (part (5)), moves the recorded training log past the tolerance.

Each run trains the first 1000 of its 5000 steps (the log's first five lines, printed as the full
run prints them) and is compared with the recorded log's first five lines: training is sequential
and seeded, so the unmutated solution cut so gives those lines within the tolerance (the control,
run here too), and a mutation that moves them is caught by the full run as well.
"""
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from cae_tf import notebook, regression

pytestmark = pytest.mark.slow  # seven 1000-step trainings, two at a time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLUTION = os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb')
RTOL, ATOL = 1e-4, 1e-6
SHUFFLE = ('n_test       = test_imgs.shape[0]\n',
           'n_test       = test_imgs.shape[0]\n'
           'perm = np.random.RandomState(0).permutation(n_train)\n'
           'train_imgs, train_labels = train_imgs[perm], train_labels[perm]\n')
# name: (a line the mutated cell holds, its replacement)
MUTATIONS = {
    'learning rate 1e-3': ('LR = 0.0001', 'LR = 0.001'),
    'MAE loss': ('loss = mse_loss(x, reconst)', 'loss = tf.reduce_mean(tf.abs(x - reconst))'),
    'decoder without the label': ('reconst = decoder(latent, weights, biases, y)',
                                  'reconst = decoder(latent, weights, biases, 0 * y)'),
    'validation images for training': (
        'train_imgs   = mnist.train.images\ntrain_labels = mnist.train.labels',
        'train_imgs   = mnist.validation.images\ntrain_labels = mnist.validation.labels'),
    '2500 steps': ('n_iter = 5000', 'n_iter = 2500'),
    'training images in another order': SHUFFLE,
}
CONTROL = 'none (the control)'
CUT = 1000  # steps trained of each run
# Run before the notebook: part (5)'s train stops after CUT steps, its log lines printed as the
# whole run prints them ("(1000/5000) loss: ..."), so they compare with the recorded ones.
CUT_TRAINING = """import cae_tf.solution.train as _training
_full_train = _training.train
def _first_steps(*args, n_iter=5000, log=print, **kwargs):
    cut = min(n_iter, %d)
    return _full_train(*args, n_iter=cut, log=lambda line: log(
        line.replace('/%%d)' %% cut, '/%%d)' %% n_iter)), **kwargs)
_training.train = _first_steps""" % CUT


def through_part_5(nb):
    """The cells up to the full-test-set MSE (part (5)'s extra cell)."""
    last = max(i for i, c in enumerate(nb.cells) if 'MSE on the full test set' in c.source)
    return nbformat.v4.new_notebook(cells=nb.cells[:last + 1], metadata=nb.metadata)


def run_mutated(name):
    """Return ``(recorded, executed)`` cells through part (5), ``name``'s mutation applied (none
    for the control), the first CUT steps trained."""
    recorded = through_part_5(nbformat.read(SOLUTION, as_version=4))
    mutated = nbformat.from_dict(recorded)
    if name != CONTROL:
        old, new = MUTATIONS[name]
        cells = [c for c in mutated.cells if c.cell_type == 'code' and old in c.source]
        assert len(cells) == 1, name
        cells[0].source = cells[0].source.replace(old, new)
    mutated.cells.insert(0, nbformat.v4.new_code_cell(CUT_TRAINING))
    with tempfile.TemporaryDirectory() as cwd:
        notebook.execute(mutated, cwd)
    mutated.cells.pop(0)
    return recorded, mutated


@pytest.fixture(scope='module')
def mutated_runs():
    names = [CONTROL] + list(MUTATIONS)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(names, pool.map(run_mutated, names)))


def first_lines(outputs, count):
    """The training cell's ``outputs`` kept to their first ``count`` loss lines."""
    text = ''.join(o.get('text', '') for o in outputs if o.get('output_type') == 'stream')
    lines = [line for line in text.splitlines(True) if ' loss: ' in line][:count]
    return [nbformat.v4.new_output('stream', name='stdout', text=''.join(lines))]


def training_cell(nb):
    return [i for i, c in enumerate(nb.cells) if 'loss_record_train' in c.source
            and c.cell_type == 'code'][0]


def test_the_unmutated_solution_cut_short_gives_the_recorded_lines(mutated_runs):
    recorded, executed = mutated_runs[CONTROL]
    cell = training_cell(recorded)
    count = CUT // 250 + 1
    assert regression.output_mismatches(first_lines(recorded.cells[cell].outputs, count),
                                        first_lines(executed.cells[cell].outputs, count),
                                        RTOL, ATOL) == []
    assert len(first_lines(executed.cells[cell].outputs, 99)[0].text.splitlines()) == count


@pytest.mark.parametrize('name', MUTATIONS)
def test_each_mutation_fails_the_regression_in_the_training_log(mutated_runs, name):
    recorded, executed = mutated_runs[name]
    training, count = training_cell(recorded), CUT // 250 + 1
    problems = regression.output_mismatches(
        first_lines(recorded.cells[training].outputs, count),
        first_lines(executed.cells[training].outputs, count), RTOL, ATOL)
    assert problems, name
    # how far the mutation moves the loss values (docs/regression.md: the tolerance's margin)
    losses = [[float(v) for v in re.findall(r'loss: (\S+)', ''.join(
        o.get('text', '') for o in nb.cells[training].outputs))] for nb in (recorded, executed)]
    moved = [abs(a - b) / abs(a) for a, b in zip(*losses)]
    print('\n%s: %d of %d loss lines, moved by %.1e to %.1e (relative); %s'
          % (name, len(losses[1]), len(losses[0]), min(moved), max(moved),
             problems[0].splitlines()[0]))
