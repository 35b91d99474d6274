"""The solution notebook's recorded outputs, and proof that the nbval regression catches changes.

nbval itself runs the full solution notebook (``--nbval`` in pyproject's addopts). Here:
the seed's full-length bands are asserted on the outputs that nbval keeps equal to a fresh run,
the committed notebook is checked to be normalised, and a small notebook that trains the real
CAE for a few steps shows that recording is deterministic and that nbval fails when a loss line,
a shape line or a figure goes missing.
"""
import base64
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from cae_tf import notebook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOLUTION = os.path.join(ROOT, 'notebooks', 'cae_solution.ipynb')


def text_outputs(nb):
    return '\n'.join(out.get('text', '') + out.get('data', {}).get('text/plain', '')
                     for cell in nb.cells if cell.cell_type == 'code' for out in cell.outputs)


@pytest.fixture(scope='module')
def solution():
    return nbformat.read(SOLUTION, as_version=4)


def test_recorded_run_is_in_the_seeds_band(solution):
    text = text_outputs(solution)
    losses = {int(step): float(value) for step, value in
              re.findall(r'\(\s*(\d+)/5000\) loss: ([0-9.e-]+)', text)}
    assert sorted(losses) == list(range(0, 5001, 250))
    assert 0.3 <= losses[0] <= 1.0
    assert losses[250] <= 0.08
    assert losses[5000] <= 0.05
    full_test = float(re.search(r'MSE on the full test set \(10000 images\): ([0-9.]+)',
                                text).group(1))
    assert full_test <= 0.05
    assert 'The number of training images : 55000, shape : (55000, 784)' in text
    assert 'The number of testing images : 10000, shape : (10000, 784)' in text


def test_committed_solution_is_normalised(solution):
    assert set(solution.metadata) == {'kernelspec', 'language_info'}
    assert solution.metadata.language_info == {'name': 'python'}
    figures = pngs = 0
    for cell in solution.cells:
        assert set(cell.metadata) <= {'tags'}
        for out in cell.get('outputs', []):
            assert out.output_type != 'error'
            figures += out.get('data', {}).get('text/plain', '').startswith('<Figure')
            if 'image/png' in out.get('data', {}):
                pngs += 1
                assert base64.b64decode(out.data['image/png'])[:8] == b'\x89PNG\r\n\x1a\n'
    assert figures == pngs == 16  # parts 5, 6, 7, 8, 9 (two) and 10 (ten digits)
    assert os.path.getsize(SOLUTION) <= 2 * 1024 * 1024  # the answer key shows its figures
    text = text_outputs(solution)
    assert not re.search(r'/(home|tmp|work|root|Users)/', text)
    assert 'Traceback' not in text and 'WARNING' not in text


MINI_CELLS = {
    'setup': '''from cae_tf.handout.environment import use_notebook_defaults
use_notebook_defaults()
import numpy as np
import matplotlib.pyplot as plt
from cae_tf.handout.compat import tf
from cae_tf.solution import model, train
from cae_tf.handout import figures
%matplotlib inline''',
    'shape': '''imgs = np.random.RandomState(0).rand(200, 784).astype(np.float32)
labels = np.eye(10, dtype=np.float32)[np.arange(200) % 10]
print("The number of training images : {}, shape : {}".format(len(imgs), imgs.shape))
print("new_data:", np.array([[-0.11389277, 1.0785336]], dtype=np.float32))''',
    'train': '''cae = model.build_cae(seed=1)
sess = tf.Session()
batch_maker = train.make_batch_maker(imgs, labels)
loss_record_train, loss_record_test = train.train(
    sess, cae.x, cae.y, cae.loss, cae.optm, batch_maker, batch_maker,
    n_batch=20, n_iter=40, n_prt=10)''',
    'figure': '''figures.plot_loss(loss_record_train, loss_record_test, 10)
plt.show()''',
}


def mini_notebook(**changes):
    cells = dict(MINI_CELLS, **changes)
    return new_notebook(cells=[new_markdown_cell('### (5) Train the model')] +
                        [new_code_cell(cells[k]) for k in ('setup', 'shape', 'train', 'figure')],
                        metadata={'kernelspec': {'name': 'python3', 'language': 'python',
                                                 'display_name': 'Python 3'}})


@pytest.fixture(scope='module')
def recorded(tmp_path_factory):
    """The mini notebook recorded twice, as ``python -m cae_tf record`` records the solution."""
    folder = tmp_path_factory.mktemp('mini')
    runs = []
    for name in ('first.ipynb', 'second.ipynb'):
        path = str(folder / name)
        nbformat.write(mini_notebook(), path)
        notebook.record_outputs(path)
        runs.append(nbformat.read(path, as_version=4))
    return folder, runs


def test_recording_twice_gives_identical_outputs(recorded):
    _, (first, second) = recorded
    loss_lines = re.findall(r'\(\s*\d+/40\) loss: .*', text_outputs(first))
    assert len(loss_lines) == 5
    assert first == second


@pytest.mark.slow
def test_nbval_passes_unchanged_and_fails_on_each_missing_output(recorded):
    folder, (reference, _) = recorded
    sources = {
        'unchanged': {},
        'loss_line_missing': {'train': MINI_CELLS['train'].replace('n_iter=40', 'n_iter=30')},
        'shape_line_changed': {'shape': MINI_CELLS['shape'].replace('imgs.shape', '(1, 1)')},
        'figure_missing': {'figure': 'plt.show()'},
        'learning_rate_changed': {'train': MINI_CELLS['train'].replace(
            'build_cae(seed=1)', 'build_cae(seed=1, LR=0.003)')},
    }
    # the recorded text edited: the same numbers printed with other padding pass, a number off fails
    recorded = {'padding_differs': ('[[-0.11389277  1.0785336 ]]', '[[-0.11389263  1.078534  ]]'),
                'number_off': ('[[-0.11389277  1.0785336 ]]', '[[-0.11389277  1.09 ]]'),
                'exponent_format': ('-0.11389277', '-1.1389277e-01')}
    for name, change in list(sources.items()) + [(n, {}) for n in recorded]:
        nb = nbformat.from_dict(reference)
        for cell, key in zip(nb.cells[1:], ('setup', 'shape', 'train', 'figure')):
            cell.source = dict(MINI_CELLS, **change)[key]
        if name in recorded:
            output = nb.cells[2].outputs[0]
            assert recorded[name][0] in output.text
            output.text = output.text.replace(*recorded[name])
        nbformat.write(nb, str(folder / ('case_%s.ipynb' % name)))
    report = folder / 'report.xml'
    subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider',
                    '-o', 'addopts=', '--rootdir', str(folder), '--nbval',
                    '--nbval-current-env', '-p', 'cae_tf.regression',
                    '--junitxml', str(report)] +
                   sorted(str(p) for p in folder.glob('case_*.ipynb')),
                   cwd=str(folder), capture_output=True, text=True, timeout=600)
    failed = {}
    for case in ET.parse(report).getroot().iter('testcase'):
        name = re.search(r'case_(\w+)', case.get('classname') + case.get('name')).group(1)
        failed[name] = failed.get(name, False) or case.find('failure') is not None
    assert failed == {'unchanged': False, 'loss_line_missing': True, 'shape_line_changed': True,
                      'figure_missing': True, 'learning_rate_changed': True,
                      'padding_differs': False, 'number_off': True, 'exponent_format': False}


def test_run_writes_executed_notebook_and_figures(tmp_path):
    path = tmp_path / 'mini.ipynb'
    nbformat.write(mini_notebook(), str(path))
    executed, pngs = notebook.run_homework(str(path), str(tmp_path / 'out'))
    assert os.path.basename(executed) == 'mini.ipynb'
    assert [os.path.basename(p) for p in pngs] == ['part05_1.png']
    with open(pngs[0], 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    nb = nbformat.read(executed, as_version=4)
    assert any('image/png' in out.get('data', {}) for out in nb.cells[-1].outputs)
    assert set(nb.metadata) == {'kernelspec', 'language_info'}


def test_run_on_a_missing_notebook_says_so(tmp_path):
    result = subprocess.run([sys.executable, '-m', 'cae_tf', 'run', '--notebook',
                             str(tmp_path / 'nope.ipynb'), '--out', str(tmp_path / 'out')],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert 'no notebook at' in result.stderr and 'nope.ipynb' in result.stderr
    assert 'Traceback' not in result.stderr


EVALUATION = os.path.join(ROOT, 'notebooks', 'cae_evaluation.ipynb')


def test_recorded_evaluation_shows_what_part_7_and_9_claim():
    # nbval re-runs the evaluation notebook and keeps these outputs equal to a fresh run.
    nb = nbformat.read(EVALUATION, as_version=4)
    text = text_outputs(nb)
    rows = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in re.finditer(
        r'\| (plain AE \(no labels\)|CAE) \| ([0-9.]+) \| ([0-9.]+) \|', text)}
    (ae_mse, ae_knn), (cae_mse, cae_knn) = rows['plain AE (no labels)'], rows['CAE']
    assert cae_mse <= 0.05 and cae_mse < ae_mse        # the label helps reconstruction
    assert ae_knn > cae_knn + 0.15 and cae_knn < 0.4    # AE codes cluster, CAE codes overlap
    read = re.search(r'\| read as requested \| (.*) \|', text).group(1).split(' | ')
    assert len(read) == 11 and float(read[-1]) >= 0.8 and min(map(float, read)) > 0.3
    slant = re.search(r'\| slant \(columns per row\) \| ([0-9.]+) \| ([0-9.]+) \| ([0-9.]+) \|',
                      text)
    assert float(slant.group(3)) < 0.6                  # one point, one slant
    classifier = float(re.search(r'classifier accuracy on the real test digits: ([0-9.]+)',
                                 text).group(1))
    assert classifier >= 0.98
    assert 'Extracting MNIST_data/t10k-labels-idx1-ubyte.gz' in text  # no machine paths
    assert set(nb.metadata) == {'kernelspec', 'language_info'}
    pngs = [out.data['image/png'] for cell in nb.cells if cell.cell_type == 'code'
            for out in cell.outputs if 'image/png' in out.get('data', {})]
    assert len(pngs) == 3  # it shows its figures: latent spaces, conditional accuracy, style
    assert all(base64.b64decode(png)[:8] == b'\x89PNG\r\n\x1a\n' for png in pngs)
