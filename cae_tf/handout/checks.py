"""Public checks: ``check(N, globals())`` after part N says what is still wrong with it.

They compare your values with expected values stored as data (``data/public.npz``, written when
the homework was released, from the fixed public inputs of :func:`public_inputs`), with your own
functions, or with what the problem states. They hold none of the solution, and they decide no
grade: the grader runs hidden checks on inputs drawn afresh for each run.
"""
import os

import numpy as np

from cae_tf.handout.tfrun import adam_updates, apply_function, run_fresh, tf_module

PUBLIC_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'public.npz')
PUBLIC_SEED = 2020
DATA_NAMES = ('train_imgs', 'train_labels', 'test_imgs', 'test_labels')


def public_inputs(shapes):
    """Return the fixed public inputs: a batch ``X``, labels ``Y``, codes ``Z``, a ``BN`` batch and
    weights ``W``, ``B`` of the given ``{layer: (fan_in, fan_out)}`` shapes."""
    rng = np.random.RandomState(PUBLIC_SEED)
    inputs = {'X': rng.rand(5, 784), 'Y': np.eye(10)[rng.randint(10, size=5)],
              'Z': rng.randn(5, 2) * 2, 'BN': rng.randn(16, 7) * 3 + 1}
    inputs['W'] = {k: rng.randn(*shapes[k]) * 0.1 for k in sorted(shapes)}
    inputs['B'] = {k: rng.randn(shapes[k][1]) * 0.1 for k in sorted(shapes)}
    return inputs


def data_fingerprint(array):
    """Return ``(shape, sum, sums of rows 0, 1 and -1)`` of an array, in float64."""
    array = np.asarray(array, np.float64)
    rows = array.reshape(len(array), -1)[[0, 1, -1]].sum(axis=1) if array.ndim else []
    return np.array(array.shape), array.sum(), np.asarray(rows)


def _load_expected(path=PUBLIC_DATA):
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


class _Part:
    """The results of one part's checks, always one per name in ``names``: a check that could
    not run (a name not defined yet, an earlier check of the part failed) fails saying why."""

    def __init__(self, namespace, expected, names):
        self.ns, self.expected, self.names = namespace, expected, names
        self.results, self.missing = {}, []

    def has(self, *names):
        missing = [n for n in names if n not in self.ns]
        self.missing += [n for n in missing if n not in self.missing]
        return not missing

    def add(self, name, passed, message):
        if name not in self.names:
            raise KeyError('check %r is not among its part\'s names' % name)
        self.results[name] = (name, bool(passed), '' if passed else message)

    def all(self, why=None):
        """Every check's ``(name, passed, message)``, in the order of ``names``; one that did not
        run fails saying ``why`` (by default: what is not defined yet, or the check above)."""
        why = why or ('not checked: %s not defined yet' % ', '.join(self.missing) if self.missing
                      else 'not checked: fix the failing check above first')
        return [self.results.get(name, (name, False, why)) for name in self.names]


def _close(a, b, rtol=1e-3, atol=1e-4):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def part1(c):
    for name in DATA_NAMES:
        if not c.has(name):
            continue
        shape, total, rows = data_fingerprint(c.ns[name])
        kind = name.split('_')[0]
        c.add(name + ' shape', _close(shape, c.expected['1.%s.shape' % name]),
              '%s should hold the %s set (one-hot where labels), shape %s'
              % (name, kind, tuple(c.expected['1.%s.shape' % name])))
        c.add(name + ' values', _close(total, c.expected['1.%s.sum' % name]) and
              _close(rows, c.expected['1.%s.rows' % name]),
              '%s does not hold the MNIST %s set in its original order' % (name, kind))
    if c.has('n_train', 'n_test'):
        c.add('n_train, n_test', (c.ns['n_train'], c.ns['n_test']) ==
              tuple(c.expected['1.counts']), 'n_train and n_test should count the images of each set')


def part2(c):
    for key in sorted(k for k in c.expected if k.startswith('2.')):
        name = key[2:]
        if c.has(name):
            c.add(name, c.ns[name] == c.expected[key],
                  '%s does not match the structure stated in part (2)' % name)


def _layers(c):
    return {str(k): tuple(c.expected['3.shape.' + str(k)]) for k in c.expected['3.keys']}


def part3(c):
    if not c.has('weights', 'biases', 'encoder', 'decoder', 'batch_norm_flat'):
        return
    shapes = _layers(c)
    c.add('keys', sorted(c.ns['weights']) == sorted(c.ns['biases']) == sorted(shapes),
          'weights and biases need the keys %s' % ', '.join(sorted(shapes)))
    if sorted(c.ns['weights']) != sorted(shapes):
        return
    c.add('shapes', all(tuple(c.ns['weights'][k].shape.as_list()) == shapes[k] and
                        tuple(c.ns['biases'][k].shape.as_list()) == shapes[k][1:]
                        for k in shapes),
          'a layer has the wrong shape; remember the label is concatenated to the input of the '
          'encoder and of the decoder')
    given = public_inputs(shapes)
    c.add('encoder', _close(apply_function(c.ns['encoder'], given['W'], given['B'], given['X'],
                                           given['Y']), c.expected['3.encoder']),
          'encoder(x, weights, biases, label) gives wrong values on given weights: check the '
          'concatenation and the activations (tanh on hidden layers, none on the output)')
    c.add('decoder', _close(apply_function(c.ns['decoder'], given['W'], given['B'], given['Z'],
                                           given['Y']), c.expected['3.decoder']),
          'decoder(latent, weights, biases, label) gives wrong values on given weights: check '
          'the concatenation and the activations (tanh on hidden layers, none on the output)')
    c.add('batch_norm_flat', _close(_run_on(c.ns['batch_norm_flat'], given['BN']),
                                    c.expected['3.batch_norm_flat']),
          'batch_norm_flat(batch_flat) should normalise its input over the batch axis')


def _run_on(function, array):
    return run_fresh(lambda tf, fed: function(fed(array)))


def part4(c):
    if not c.has('x', 'y', 'weights', 'biases', 'loss', 'optm', 'LR'):
        return
    tf = tf_module()
    given = public_inputs(_layers(c))
    feed = {c.ns['x']: given['X'], c.ns['y']: given['Y']}
    feed.update({c.ns['weights'][k]: given['W'][k] for k in given['W']})
    feed.update({c.ns['biases'][k]: given['B'][k] for k in given['B']})
    with tf.Session(graph=c.ns['loss'].graph) as scratch:
        scratch.run(tf.global_variables_initializer())
        loss = scratch.run(c.ns['loss'], feed)
    c.add('loss', _close(loss, c.expected['4.loss']),
          'loss should be the mean squared error between x and its reconstruction')
    c.add('optimizer', adam_updates(c.ns['optm']),
          'optm should be an Adam optimizer minimising loss')
    c.add('LR', _close(c.ns['LR'], c.expected['4.LR'], atol=0), 'LR does not match the problem')


def part5(c):
    if not c.has('loss_record_train', 'loss_record_test', 'n_iter', 'n_prt', 'sess', 'loss'):
        return
    train = np.asarray(c.ns['loss_record_train'], np.float64).ravel()
    test = np.asarray(c.ns['loss_record_test'], np.float64).ravel()
    c.add('loss records', len(train) == len(test) == c.ns['n_iter'] // c.ns['n_prt'] + 1,
          'loss_record_train and loss_record_test should hold one value every n_prt iterations, '
          'from 0 to n_iter')
    c.add('loss falls', len(train) > 1 and train[-1] < train[0] and train[-1] <= 0.06,
          'the training loss should fall to about 0.05 or less (0.06 or less at the end of '
          'loss_record_train)')
    if c.has('x', 'y', 'test_imgs', 'test_labels'):
        mse = c.ns['sess'].run(c.ns['loss'], {c.ns['x']: c.ns['test_imgs'],
                                               c.ns['y']: c.ns['test_labels']})
        c.add('trained model', mse <= 0.06, 'your loss on the whole test set is %.3f; a trained '
              'model reaches 0.06 or less' % mse)


def part6(c):
    if not c.has('x_reconst', 'test_x'):
        return
    x_reconst, test_x = np.asarray(c.ns['x_reconst']), np.asarray(c.ns['test_x'])
    shape_ok = x_reconst.ndim == 2 and x_reconst.shape == test_x.shape and np.isfinite(
        x_reconst).all()
    c.add('x_reconst', shape_ok, 'x_reconst should hold the reconstructions of test_x, one row '
          'of 784 values per image')
    c.add('resemblance', shape_ok and np.abs(x_reconst - test_x).mean() < 0.15,
          'the reconstructions do not resemble their inputs')


def part7(c):
    if not c.has('test_latent', 'test_y', 'test_y_arg', 'xmin', 'xmax', 'ymin', 'ymax'):
        return
    latent, arg = np.asarray(c.ns['test_latent']), np.asarray(c.ns['test_y_arg'])
    test_y = np.asarray(c.ns['test_y'])
    c.add('test_latent', latent.shape == (len(test_y), 2) and np.isfinite(latent).all() and
          latent.std(axis=0).min() > 0, 'test_latent should hold one 2-D code per test image')
    c.add('test_y_arg', arg.shape == (len(test_y),) and
          bool((test_y[np.arange(len(test_y)), arg.astype(int) % 10] == 1).all()),
          'test_y_arg should hold the digit of each test image')
    if latent.shape != (len(test_y), 2):
        return
    bounds = [(c.ns['xmin'], latent[:, 0], 'xmin'), (c.ns['xmax'], latent[:, 0], 'xmax'),
              (c.ns['ymin'], latent[:, 1], 'ymin'), (c.ns['ymax'], latent[:, 1], 'ymax')]
    inside = all((codes >= value - 1e-6).all() if name.endswith('min') else
                 (codes <= value + 1e-6).all() for value, codes, name in bounds)
    touch = all(np.isclose(codes, value, atol=1e-6).any() for value, codes, _ in bounds)
    c.add('latent limits', inside and touch, 'xmin, xmax, ymin, ymax should bound the latent '
          'codes tightly')


def part9(c):
    if not c.has('new_data', 'fake_images'):
        return
    new_data, images = np.asarray(c.ns['new_data']), np.asarray(c.ns['fake_images'])
    c.add('new_data', new_data.shape == (1, 2), 'new_data should be one latent point, shape (1, 2)')
    images = images.reshape(len(images), -1) if images.ndim else images
    ok = images.shape == (10, 784) and np.isfinite(images).all()
    c.add('fake_images', ok, 'fake_images should hold 10 images, one per label 0-9')
    c.add('labels matter', ok and np.abs(np.diff(images, axis=0)).mean() > 1e-3,
          'the 10 images are all alike: is each decoded with its own label?')


def part10(c):
    if not c.has('canvas', 'x_values', 'y_values', 'sess', 'reconst', 'latent_input', 'y'):
        return
    canvas, xs, ys = (np.asarray(c.ns[n]) for n in ('canvas', 'x_values', 'y_values'))
    c.add('canvas shape', canvas.shape == (28 * len(ys), 28 * len(xs)),
          'canvas should hold 28 x 28 pixels per point of the grid, ny rows by nx columns')
    if canvas.shape != (28 * len(ys), 28 * len(xs)):
        return
    corners = np.array([[xs[0], ys[-1]], [xs[-1], ys[0]]])  # top left, bottom right
    decoded = c.ns['sess'].run(c.ns['reconst'], {c.ns['latent_input']: corners,
                                                 c.ns['y']: np.eye(10)[[9, 9]]})
    tiles = [canvas[:28, :28], canvas[-28:, -28:]]
    c.add('orientation', all(_close(t.ravel(), d, rtol=1e-2, atol=1e-3)
                             for t, d in zip(tiles, decoded)),
          'the last digit\'s canvas should put x_values left to right and the largest Z2 '
          '(y_values[-1]) at the top')


CHECKS = {1: part1, 2: part2, 3: part3, 4: part4, 5: part5, 6: part6, 7: part7, 9: part9,
          10: part10}
# The checks of each part, by name: a part always reports all of them, whatever is missing.
NAMES = {
    1: [n + kind for n in DATA_NAMES for kind in (' shape', ' values')] + ['n_train, n_test'],
    2: ['n_input', 'n_encoder1', 'n_encoder2', 'n_latent', 'n_decoder2', 'n_decoder1', 'n_label'],
    3: ['keys', 'shapes', 'encoder', 'decoder', 'batch_norm_flat'],
    4: ['loss', 'optimizer', 'LR'],
    5: ['loss records', 'loss falls', 'trained model'],
    6: ['x_reconst', 'resemblance'],
    7: ['test_latent', 'test_y_arg', 'latent limits'],
    9: ['new_data', 'fake_images', 'labels matter'],
    10: ['canvas shape', 'orientation'],
}


def run_checks(part, namespace, expected=None):
    """Return ``[(name, passed, message)]`` of part ``part``'s public checks on ``namespace``."""
    if part not in CHECKS:
        return []
    c = _Part(namespace, expected if expected is not None else _load_expected(), NAMES[part])
    try:
        CHECKS[part](c)
    except Exception as e:  # a value of a type or shape no check expected: say so, go on
        return c.all('could not check part %d (%s: %s)' % (
            part, type(e).__name__, str(e).splitlines()[0][:150] if str(e) else ''))
    return c.all()


def check(part, namespace):
    """Check part ``part`` of the homework in a running notebook: ``check(3, globals())``."""
    results = run_checks(part, namespace)
    if not results:
        print('Part %d is checked by its figure, when graded.' % part)
        return
    failed = [(name, message) for name, passed, message in results if not passed]
    print('Part %d: %d of %d checks passed.' % (part, len(results) - len(failed), len(results)))
    for name, message in failed:
        print('  - %s: %s' % (name, message))
