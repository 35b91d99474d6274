"""The hidden checks: each part's judge, scoring the values its probe read out of a student's kernel.

The grader's worker reads the values in the student's kernel with :mod:`cae_tf.grading.probe` and
judges them here, in its own process, against numpy references computed from inputs drawn afresh
for each run (:func:`make_inputs`). Messages say what is wrong, not how to write it. Which judge
scores which part, and for how many points, is in :mod:`cae_tf.grading.parts`.
"""
import contextlib
import functools
import io
from collections import namedtuple

import numpy as np

from cae_tf.handout import input_data
from cae_tf.grading import reference
from cae_tf.solution import settings
from cae_tf.solution.settings import SIZES, layer_shapes

# ``measured``: what the grader measured of the student's own model, where it helps them (their
# loss, their test MSE; never a hidden input or a value computed from one), else ''.
Result = namedtuple('Result', 'part name points passed message measured', defaults=('',))


def make_inputs(seed=None):
    """Return the probe's inputs: a random batch, one-hot labels, weights of the seed's shapes,
    and the MNIST test set (``T``, ``TY``) that a trained model is measured on."""
    rng = np.random.RandomState(seed)
    inputs = {'X': rng.rand(5, 784), 'Y': np.eye(10)[rng.randint(10, size=5)],
              'Z': rng.randn(5, 2) * 2, 'BN': rng.randn(16, 7) * 3 + 1,
              'rows1': rng.randint(0, 10 ** 6, size=4)}
    for key, (fan_in, fan_out) in layer_shapes().items():
        inputs['W0.' + key] = rng.randn(fan_in, fan_out) * 0.1
        inputs['B0.' + key] = rng.randn(fan_out) * 0.1
    inputs = {k: np.asarray(v, np.float32) if k != 'rows1' else v for k, v in inputs.items()}
    test = mnist_reference().test
    return dict(inputs, T=input_data.to_float(test.images), TY=test.labels)


@contextlib.contextmanager
def _quiet():
    with contextlib.redirect_stdout(io.StringIO()):
        yield


@functools.lru_cache(maxsize=1)
def mnist_reference():
    """The real MNIST as the homework splits it, read from the packaged files.

    Images stay uint8 (``input_data.to_float`` gives what the homework loads): a check reads a
    few rows, and scaling all 70000 images would cost most of a second of a student's check.
    """
    with _quiet():
        return input_data.read_data_sets(input_data.PACKAGED_DIR, one_hot=True, dtype=np.uint8)


class Judge:
    """Collects results of one part; a check whose value is missing fails with its message.

    It reads the values its part's probe wrote (:meth:`get`) and, of another part, only those of
    a part its record ``needs`` (:meth:`get_from`).
    """

    def __init__(self, part, values, errors, needs=()):
        self.part, self.values, self.needs, self.results = part, values, needs, []
        self.error = errors.get(str(part))

    def get(self, name):
        return self.values.get('%d:%s' % (self.part, name))

    def get_from(self, part, name):
        if part != self.part and part not in self.needs:
            raise LookupError('part %d reads part %d\'s %s without needing it in its record'
                              % (self.part, part, name))
        return self.values.get('%d:%s' % (part, name))

    def add(self, name, points, passed, message, measured=None):
        self.results.append(Result(self.part, name, points, bool(passed), '' if passed
                                   else message, measured or ''))

    def close(self, a, b, rtol=1e-3, atol=1e-4):
        return (a is not None and b is not None and np.shape(a) == np.shape(b)
                and bool(np.allclose(a, b, rtol=rtol, atol=atol)))


def _weights(j):
    """The student's trained weights, as part (4)'s probe read them, or ``(None, None)``."""
    W = {k: j.get_from(4, 'W.' + k) for k in layer_shapes()}
    B = {k: j.get_from(4, 'B.' + k) for k in layer_shapes()}
    missing = any(v is None for v in list(W.values()) + list(B.values()))
    return (None, None) if missing else (W, B)


def _own(j, name, fallback):
    """The student's own model's output ``name``; where their functions could not run, the
    reference model's with their trained weights (``fallback(W, B)``), or None."""
    own = j.get(name)
    if own is not None:
        return own
    W, B = _weights(j)
    return None if W is None else fallback(W, B)


def part1(j, inputs, ref):
    expected = {'train_imgs': ref.train.images, 'train_labels': ref.train.labels,
                'test_imgs': ref.test.images, 'test_labels': ref.test.labels}
    for name, array in expected.items():
        rows = array[inputs['rows1'] % len(array)]
        rows = input_data.to_float(rows) if name.endswith('imgs') else rows
        shape = j.get(name + '.shape')
        j.add(name + ' shape', 1, shape is not None and tuple(shape) == array.shape,
              '%s should hold the %s set, one-hot where labels, shape %s'
              % (name, name.split('_')[0], array.shape))
        j.add(name + ' values', 1, j.close(j.get(name + '.rows'), rows, atol=1e-6),
              '%s does not hold the MNIST %s set in its original order'
              % (name, name.split('_')[0]))
    j.add('n_train, n_test', 2, j.get('n_train') == 55000 and j.get('n_test') == 10000,
          'n_train and n_test should count the images of each set')


def part2(j, inputs, ref):
    for name, size in SIZES.items():
        j.add(name, 5 / 7, j.get(name) == size,
              '%s does not match the structure stated in part (2)' % name)


def part3(j, inputs, ref):
    shapes = layer_shapes()
    keys_ok = all(list(j.get(d + '.keys') if j.get(d + '.keys') is not None else []) ==
                  sorted(shapes) for d in ('weights', 'biases'))
    j.add('weights/biases keys', 2, keys_ok,
          'weights and biases need the keys %s' % ', '.join(sorted(shapes)))
    shapes_ok = all(j.get('weights.shape.' + k) is not None and
                    tuple(j.get('weights.shape.' + k)) == shapes[k] and
                    j.get('biases.shape.' + k) is not None and
                    tuple(j.get('biases.shape.' + k)) == shapes[k][1:] for k in shapes)
    j.add('weights/biases shapes', 4, shapes_ok,
          'a layer has the wrong shape; remember the label is concatenated to the input of '
          'the encoder and of the decoder')
    # No check of the initial values: the notebook leaves them to the student (any that trains).
    W0 = {k[3:]: inputs[k] for k in inputs if k.startswith('W0.')}
    B0 = {k[3:]: inputs[k] for k in inputs if k.startswith('B0.')}
    j.add('encoder', 7, j.close(j.get('encoder'),
                                reference.encoder(inputs['X'], W0, B0, inputs['Y'])),
          'encoder(x, weights, biases, label) gives wrong values on given weights: check the '
          'concatenation, the activations (tanh on hidden layers, none on the output)')
    j.add('decoder', 7, j.close(j.get('decoder'),
                                reference.decoder(inputs['Z'], W0, B0, inputs['Y'])),
          'decoder(latent, weights, biases, label) gives wrong values on given weights: check '
          'the concatenation, the activations (tanh on hidden layers, none on the output)')
    # Reported, not scored: the model does not use it, and the seed's own version was broken.
    j.add('batch_norm_flat (no points)', 0, j.close(j.get('batch_norm_flat'),
                                                    reference.batch_norm(inputs['BN'])),
          'batch_norm_flat(batch_flat) should normalise its input over the batch axis')


def part4(j, inputs, ref):
    reconst = _own(j, 'own_reconst', lambda W, B: reference.decoder(
        reference.encoder(inputs['X'], W, B, inputs['Y']), W, B, inputs['Y']))
    expected = None if reconst is None else np.mean((inputs['X'] - reconst) ** 2)
    j.add('loss', 5, expected is not None and j.close(j.get('loss'), np.float32(expected)),
          'loss should be the mean squared error between x and its reconstruction')
    j.add('optimizer', 3, j.get('optm.adam') is not None and j.get('optm.adam') > 0,
          'optm should be an Adam optimizer minimising loss')
    j.add('learning rate', 2, j.close(j.get('optm.lr'), np.float32(settings.LR), rtol=1e-3, atol=0),
          'LR does not match the problem')


def part5(j, inputs, ref):
    train, test = j.get('loss_record_train'), j.get('loss_record_test')
    n_iter, n_prt = j.get('n_iter'), j.get('n_prt')
    j.add('schedule', 4, (n_iter, n_prt, j.get('n_batch')) ==
          (settings.n_iter, settings.n_prt, settings.n_batch),
          'keep n_batch, n_iter and n_prt as given')
    expected_len = settings.n_iter // settings.n_prt + 1
    j.add('loss records', 4, train is not None and test is not None and
          len(train) == len(test) == expected_len,
          'loss_record_train and loss_record_test should hold one value every n_prt '
          'iterations, from 0 to n_iter')
    j.add('loss falls', 4, train is not None and len(train) > 1 and train[-1] < train[0]
          and train[-1] <= 0.06, 'the training loss should fall to about 0.05 or less '
          '(0.06 or less at the end of loss_record_train)',
          measured=None if train is None or not len(train) else
          'your last recorded training loss: %.4f (expected 0.06 or less)' % train[-1])
    reconst = _own(j, 'own_test_reconst', lambda W, B: reference.decoder(
        reference.encoder(inputs['T'], W, B, inputs['TY']), W, B, inputs['TY']))
    mse = None
    if reconst is not None and reconst.shape == inputs['T'].shape:
        mse = float(np.mean((inputs['T'] - reconst) ** 2))
    measured = None if mse is None else (
        'your model\'s MSE on the 10000 test images: %.4f (expected 0.06 or less)' % mse)
    j.add('trained model', 6, mse is not None and mse <= 0.06,
          'the trained model reconstructs the test set poorly' if mse is not None else
          'the trained model could not be measured on the test set', measured=measured)


def part6(j, inputs, ref):
    x_reconst = j.get('x_reconst')
    j.add('x_reconst', 2, x_reconst is not None and x_reconst.ndim == 2 and
          x_reconst.shape[1] == 784 and np.isfinite(x_reconst).all(),
          'x_reconst should hold reconstructed images, 784 values each')


def part7(j, inputs, ref):
    test_x, test_y, test_latent = j.get('test_x'), j.get('test_y'), j.get('test_latent')
    ok_inputs = test_x is not None and test_x.shape == (500, 784) and test_y is not None
    expected = ok_inputs and _own(j, 'own_latent',
                                  lambda W, B: reference.encoder(test_x, W, B, test_y))
    j.add('test_latent', 5, ok_inputs and j.close(test_latent, expected),
          'test_latent should be the latent codes of the 500 test images from the encoder')
    j.add('test_y_arg', 1, ok_inputs and j.close(j.get('test_y_arg'), np.argmax(test_y, 1)),
          'test_y_arg should hold the digit of each test image')
    limits = j.get('limits')
    j.add('latent limits', 2, test_latent is not None and test_latent.ndim == 2 and
          j.close(limits, [test_latent[:, 0].min(), test_latent[:, 0].max(),
                           test_latent[:, 1].min(), test_latent[:, 1].max()]),
          'xmin, xmax, ymin, ymax should bound the latent codes')


def part9(j, inputs, ref):
    new_data = j.get('new_data')
    shape_ok = new_data is not None and new_data.shape == (1, 2)
    j.add('new_data', 1, shape_ok, 'new_data should be one latent point, shape (1, 2)')
    expected = shape_ok and _own(j, 'own_generated', lambda W, B: reference.decoder(
        np.repeat(new_data, 10, 0), W, B, np.eye(10)))
    generated = j.get('fake_images') if j.get('fake_images') is not None else j.get('generated')
    j.add('generation', 2, shape_ok and j.close(generated, expected),
          'fake_images should be new_data decoded with each label 0-9, in order')


def part10(j, inputs, ref):
    canvas, xs, ys = j.get('canvas'), j.get('x_values'), j.get('y_values')
    expected = None
    if xs is not None and ys is not None and xs.ndim == ys.ndim == 1:
        points = np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2)
        grid = _own(j, 'own_grid', lambda W, B: reference.decoder(
            points, W, B, np.eye(10)[[9] * len(points)]))
        if grid is not None and grid.shape == (len(points), 784):
            expected = reference.seed_canvas(
                lambda point, k: grid[np.flatnonzero((points == point).all(1))[0]], 9, xs, ys)
    j.add('canvas', 5, expected is not None and j.close(canvas, expected),
          'canvas should hold the manifold of the last digit, decoded over x_values and '
          'y_values with y increasing upwards')
