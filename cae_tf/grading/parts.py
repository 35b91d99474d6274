"""One record per part of the homework: the one place that says how a part is graded.

A record names the part's points, the figures it must show, the names the grader reads of it in
the student's kernel, the probe that reads them (numpy only: its source is sent into the kernel),
the judge that scores them in the grader's process, its public check (what students run), and the
parts whose values its judge also reads (``needs``: the trained weights are read with part (4)).
Adding a part is adding a record, a solution cell and a seed cell; a course may add its own parts
from a module named in ``CAE_TF_EXTRA_PARTS`` that calls :func:`register`.
"""
import importlib
import os
from collections import namedtuple

from cae_tf.grading import judge, probe
from cae_tf.grading.judge import Result
from cae_tf.handout import checks as public

Part = namedtuple('Part', 'number points figures reads needs probe judge public states',
                  defaults=(None,))
# ``count`` figures or more, with ``axes`` axes or more in all (one figure of 20 subplots, or ten
# of two: the notebook asks for the pictures, not how they are laid out), worth ``points``.
Figures = namedtuple('Figures', 'count axes points')
EXTRA_PARTS_VARIABLE = 'CAE_TF_EXTRA_PARTS'

PARTS = {}


def register(part):
    """Add (or replace) the record of ``part.number``; return it."""
    PARTS[part.number] = part
    return part


# What each hidden check enforces, in the words of the student notebook (a bullet of its part):
# the grader judges only what the notebook states (tests/test_parts.py finds each sentence there).
_DATA = ('Name MNIST\'s sets as `read_data_sets` gives them (images of 784 values, one-hot labels, '
         'in their order): `train_imgs` and `train_labels` for the training set, `test_imgs` and '
         '`test_labels` for the test set.')
_SIZES = ('The structure: `n_input` = 28 × 28 pixels in, `n_encoder1` = 500 and `n_encoder2` = '
          '300 hidden units in the encoder, `n_latent` = 2 latent features, `n_decoder2` = 300 and '
          '`n_decoder1` = 500 hidden units in the decoder, and `n_label` = 10 labels.')
_ADAM = ('`optm`: a step of Adam minimising `loss`, with the learning rate `LR = 0.0001`')
_TRAINED = ('Trained so, the loss falls to about 0.05: 0.06 or less at the end of '
            '`loss_record_train`, and on the whole test set.')
STATES = {
    1: dict({'%s %s' % (name, kind): _DATA for name in ('train_imgs', 'train_labels', 'test_imgs',
                                                       'test_labels')
             for kind in ('shape', 'values')},
            **{'n_train, n_test': '`n_train` and `n_test` count the images of each set.'}),
    2: {name: _SIZES for name in ('n_input', 'n_encoder1', 'n_encoder2', 'n_latent', 'n_decoder2',
                                  'n_decoder1', 'n_label')},
    3: {'weights/biases keys': 'Write `weights` and `biases`: dicts keyed `\'encoder1\'`, '
                               '`\'encoder2\'`, `\'latent\'`, `\'decoder2\'`, `\'decoder1\'`, '
                               '`\'reconst\'`.',
        'weights/biases shapes': '`weights[k]` has the shape (inputs, outputs) of layer `k` and '
                                 '`biases[k]` the shape (outputs,); the first layer of the '
                                 'encoder and of the decoder takes the label too.',
        'encoder': 'Write `encoder(x, weights, biases, label)` and `decoder(latent, weights, '
                   'biases, label)`: tanh on the hidden layers, no activation on the outputs.',
        'batch_norm_flat (no points)': '`batch_norm_flat` is not used by this model: write '
                                       '`batch_norm_flat(batch_flat)` to normalise its argument '
                                       'over the batch axis'},
    4: {'loss': '`loss`: the mean squared error between `x` and its reconstruction `reconst`.',
        'optimizer': _ADAM, 'learning rate': _ADAM},
    5: {'schedule': 'Keep `n_batch`, `n_iter` and `n_prt` as given.',
        'loss records': 'Train `n_iter` steps on batches of `n_batch` training images; every '
                        '`n_prt` steps, from step 0 to step `n_iter`, append the loss on the '
                        'current training batch to `loss_record_train` and on a test batch of '
                        '`n_batch` images to `loss_record_test`.',
        'loss falls': _TRAINED, 'trained model': _TRAINED,
        'figure': 'The given `plot_loss` shows the two records.'},
    6: {'x_reconst': 'Reconstruct the 10 images `test_x` into `x_reconst` and show each beside '
                     'its original.'},
    7: {'test_latent': 'Encode the 500 images `test_x` into `test_latent` and their digits into '
                       '`test_y_arg`.',
        'latent limits': 'Put the latent space\'s bounds into `xmin, xmax, ymin, ymax`: the '
                         'smallest and largest code along Z1 and along Z2.',
        'figure': 'Scatter the codes, coloured by digit.'},
    8: {'figure': 'One scatter of the codes per digit, ten in all (subplots of one figure, or ten '
                  'figures).'},
    9: {'new_data': 'Choose `new_data`, one latent point of shape (1, 2).',
        'generation': 'Decode it with each label 0–9, in order, into `fake_images` (10 images, one '
                      'per label).',
        'figure': 'The given `plot_latent_point` and `plot_generated` show the point and the 10 '
                  'images.'},
    10: {'canvas': 'For each digit `k`, fill `canvas` with the images decoded over the grid '
                   '`x_values` × `y_values`: the tile of `(x_values[j], y_values[i])` at column '
                   '`j`, with `y_values` increasing upwards.',
         'figure': 'The given `plot_manifold` shows each digit\'s canvas: ten figures.'},
}
STATES[3]['decoder'] = STATES[3]['encoder']
STATES[6]['figure'] = STATES[6]['x_reconst']
STATES[7]['test_y_arg'] = STATES[7]['test_latent']

for _part in (
    Part(1, 10, None, ('train_imgs', 'train_labels', 'test_imgs', 'test_labels', 'n_train',
                       'n_test'), (), probe.part1, judge.part1, public.part1),
    Part(2, 5, None, ('n_input', 'n_encoder1', 'n_encoder2', 'n_latent', 'n_decoder2',
                      'n_decoder1', 'n_label'), (), probe.part2, judge.part2, public.part2),
    Part(3, 20, None, ('weights', 'biases', 'encoder', 'decoder', 'batch_norm_flat'), (),
         probe.part3, judge.part3, public.part3),
    Part(4, 10, None, ('x', 'y', 'weights', 'biases', 'loss', 'optm', 'sess'), (),
         probe.part4, judge.part4, public.part4),
    Part(5, 20, Figures(1, 1, 2), ('loss_record_train', 'loss_record_test', 'n_iter', 'n_prt',
                                   'n_batch', 'sess'), (4,), probe.part5, judge.part5,
         public.part5),
    Part(6, 5, Figures(1, 20, 3), ('x_reconst',), (), probe.part6, judge.part6, public.part6),
    Part(7, 10, Figures(1, 1, 2), ('test_x', 'test_y', 'test_latent', 'test_y_arg', 'xmin',
                                   'xmax', 'ymin', 'ymax'), (4,), probe.part7, judge.part7,
         public.part7),
    Part(8, 5, Figures(1, 10, 5), (), (), None, None, None),
    Part(9, 5, Figures(2, 10, 2), ('new_data', 'fake_images', 'latent_input', 'reconst', 'y'),
         (4,), probe.part9, judge.part9, public.part9),
    Part(10, 10, Figures(10, 20, 5), ('canvas', 'x_values', 'y_values'), (4,), probe.part10,
         judge.part10, public.part10),
):
    register(_part._replace(states=STATES[_part.number]))
for _module in filter(None, os.environ.get(EXTRA_PARTS_VARIABLE, '').split(',')):
    importlib.import_module(_module.strip())


def probes():
    """Return ``{part: probe}`` of every record that reads something."""
    return {n: p.probe for n, p in sorted(PARTS.items()) if p.probe is not None}


def _judge_figures(part, figures):
    """Results for the figures a part must show; ``figures[part]`` lists their axes counts."""
    need = PARTS[part].figures
    if need is None:
        return []
    shown = figures.get(part, [])
    ok = len(shown) >= need.count and sum(shown) >= need.axes
    return [Result(part, 'figure', need.points, ok, '' if ok else
                   'part %d should show %d figure(s) or more, with %d axes or more in all; '
                   'found %s' % (part, need.count, need.axes, shown or 'none'))]


def _judge_part(part, values, errors, inputs, ref):
    record = PARTS[part]
    j = judge.Judge(part, values, errors, record.needs)
    if record.judge is not None:
        try:
            record.judge(j, inputs, ref)
        except Exception as e:  # values of a shape or type no check expected
            left = (record.points - (record.figures.points if record.figures else 0)
                    - sum(r.points for r in j.results))
            j.add('values', left, False, 'unexpected values (%s: %s)'
                  % (type(e).__name__, str(e)[:120]))
    if j.error:
        j.results = [r if r.passed else r._replace(
            message='%s (could not read this part: %s)' % (r.message, j.error))
            for r in j.results]
    return j.results


def judge_parts(values, errors, inputs, figures, parts=None, ref=None):
    """Judge the probed ``values``; return a list of Result whose points sum to the records'."""
    ref = ref if ref is not None else judge.mnist_reference()
    results = []
    for part in parts or sorted(PARTS):
        results += _judge_part(part, values, errors, inputs, ref)
        if figures is not None:
            results += _judge_figures(part, figures)
    return results


def part_scores(results):
    """Return ``{part: points earned}`` for every part, rounded to 0.1."""
    scores = {part: 0.0 for part in sorted(PARTS)}
    for r in results:
        scores[r.part] += r.points if r.passed else 0
    return {part: round(score, 1) for part, score in scores.items()}
