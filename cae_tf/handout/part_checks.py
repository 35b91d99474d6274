"""The public checks of each part, one function per part: ``partN(report)`` checks a notebook's
values (``report.ns``) against the problem's statement, the student's own functions, or the
expected values stored as data (``report.expected``), and writes each check's result on
``report``. The grader's module of each part names its public check here (``PUBLIC_CHECK``).
"""
import numpy as np

from cae_tf.handout.checking import close, data_fingerprint, names, public_inputs
from cae_tf.handout.tfrun import adam_updates, apply_function, run_fresh, tf_module

DATA_NAMES = ('train_imgs', 'train_labels', 'test_imgs', 'test_labels')


@names(*['%s %s' % (n, kind) for n in DATA_NAMES for kind in ('shape', 'values')],
       'n_train, n_test')
def part1(report):
    for name in DATA_NAMES:
        if not report.has(name):
            continue
        shape, total, rows = data_fingerprint(report.ns[name])
        kind = name.split('_')[0]
        report.add(name + ' shape', close(shape, report.expected['1.%s.shape' % name]),
              '%s should hold the %s set (one-hot where labels), shape %s'
              % (name, kind, tuple(report.expected['1.%s.shape' % name])))
        report.add(name + ' values', close(total, report.expected['1.%s.sum' % name]) and
              close(rows, report.expected['1.%s.rows' % name]),
              '%s does not hold the MNIST %s set in its original order' % (name, kind))
    if report.has('n_train', 'n_test'):
        report.add('n_train, n_test', (report.ns['n_train'], report.ns['n_test']) ==
              tuple(report.expected['1.counts']), 'n_train and n_test should count the images of each set')


@names('n_input', 'n_encoder1', 'n_encoder2', 'n_latent', 'n_decoder2', 'n_decoder1', 'n_label')
def part2(report):
    for key in sorted(k for k in report.expected if k.startswith('2.')):
        name = key[2:]
        if report.has(name):
            report.add(name, report.ns[name] == report.expected[key],
                  '%s does not match the structure stated in part (2)' % name)


def _layers(report):
    return {str(k): tuple(report.expected['3.shape.' + str(k)]) for k in report.expected['3.keys']}


@names('keys', 'shapes', 'encoder', 'decoder', 'batch_norm_flat')
def part3(report):
    if not report.has('weights', 'biases', 'encoder', 'decoder', 'batch_norm_flat'):
        return
    shapes = _layers(report)
    report.add('keys', sorted(report.ns['weights']) == sorted(report.ns['biases']) == sorted(shapes),
          'weights and biases need the keys %s' % ', '.join(sorted(shapes)))
    if sorted(report.ns['weights']) != sorted(shapes):
        return
    report.add('shapes', all(tuple(report.ns['weights'][k].shape.as_list()) == shapes[k] and
                        tuple(report.ns['biases'][k].shape.as_list()) == shapes[k][1:]
                        for k in shapes),
          'a layer has the wrong shape; remember the label is concatenated to the input of the '
          'encoder and of the decoder')
    given = public_inputs(shapes)
    report.add('encoder', close(apply_function(report.ns['encoder'], given['W'], given['B'], given['X'],
                                           given['Y']), report.expected['3.encoder']),
          'encoder(x, weights, biases, label) gives wrong values on given weights: check the '
          'concatenation and the activations (tanh on hidden layers, none on the output)')
    report.add('decoder', close(apply_function(report.ns['decoder'], given['W'], given['B'], given['Z'],
                                           given['Y']), report.expected['3.decoder']),
          'decoder(latent, weights, biases, label) gives wrong values on given weights: check '
          'the concatenation and the activations (tanh on hidden layers, none on the output)')
    report.add('batch_norm_flat', close(_run_on(report.ns['batch_norm_flat'], given['BN']),
                                    report.expected['3.batch_norm_flat']),
          'batch_norm_flat(batch_flat) should normalise its input over the batch axis')


def _run_on(function, array):
    return run_fresh(lambda tf, fed: function(fed(array)))


@names('loss', 'optimizer', 'LR')
def part4(report):
    if not report.has('x', 'y', 'weights', 'biases', 'loss', 'optm', 'LR'):
        return
    tf = tf_module()
    given = public_inputs(_layers(report))
    feed = {report.ns['x']: given['X'], report.ns['y']: given['Y']}
    feed.update({report.ns['weights'][k]: given['W'][k] for k in given['W']})
    feed.update({report.ns['biases'][k]: given['B'][k] for k in given['B']})
    with tf.Session(graph=report.ns['loss'].graph) as scratch:
        scratch.run(tf.global_variables_initializer())
        loss = scratch.run(report.ns['loss'], feed)
    report.add('loss', close(loss, report.expected['4.loss']),
          'loss should be the mean squared error between x and its reconstruction')
    report.add('optimizer', adam_updates(report.ns['optm']),
          'optm should be an Adam optimizer minimising loss')
    report.add('LR', close(report.ns['LR'], report.expected['4.LR'], atol=0), 'LR does not match the problem')


@names('loss records', 'loss falls', 'trained model')
def part5(report):
    if not report.has('loss_record_train', 'loss_record_test', 'n_iter', 'n_prt', 'sess', 'loss'):
        return
    train = np.asarray(report.ns['loss_record_train'], np.float64).ravel()
    test = np.asarray(report.ns['loss_record_test'], np.float64).ravel()
    report.add('loss records', len(train) == len(test) == report.ns['n_iter'] // report.ns['n_prt'] + 1,
          'loss_record_train and loss_record_test should hold one value every n_prt iterations, '
          'from 0 to n_iter')
    report.add('loss falls', len(train) > 1 and train[-1] < train[0] and train[-1] <= 0.06,
          'the training loss should fall to about 0.05 or less (0.06 or less at the end of '
          'loss_record_train)')
    if report.has('x', 'y', 'test_imgs', 'test_labels'):
        mse = report.ns['sess'].run(report.ns['loss'], {report.ns['x']: report.ns['test_imgs'],
                                               report.ns['y']: report.ns['test_labels']})
        report.add('trained model', mse <= 0.06, 'your loss on the whole test set is %.3f; a trained '
              'model reaches 0.06 or less' % mse)


@names('x_reconst', 'resemblance')
def part6(report):
    if not report.has('x_reconst', 'test_x'):
        return
    x_reconst, test_x = np.asarray(report.ns['x_reconst']), np.asarray(report.ns['test_x'])
    shape_ok = x_reconst.ndim == 2 and x_reconst.shape == test_x.shape and np.isfinite(
        x_reconst).all()
    report.add('x_reconst', shape_ok, 'x_reconst should hold the reconstructions of test_x, one row '
          'of 784 values per image')
    report.add('resemblance', shape_ok and np.abs(x_reconst - test_x).mean() < 0.15,
          'the reconstructions do not resemble their inputs')


@names('test_latent', 'test_y_arg', 'latent limits')
def part7(report):
    if not report.has('test_latent', 'test_y', 'test_y_arg', 'xmin', 'xmax', 'ymin', 'ymax'):
        return
    latent, arg = np.asarray(report.ns['test_latent']), np.asarray(report.ns['test_y_arg'])
    test_y = np.asarray(report.ns['test_y'])
    report.add('test_latent', latent.shape == (len(test_y), 2) and np.isfinite(latent).all() and
          latent.std(axis=0).min() > 0, 'test_latent should hold one 2-D code per test image')
    report.add('test_y_arg', arg.shape == (len(test_y),) and
          bool((test_y[np.arange(len(test_y)), arg.astype(int) % 10] == 1).all()),
          'test_y_arg should hold the digit of each test image')
    if latent.shape != (len(test_y), 2):
        return
    bounds = [(report.ns['xmin'], latent[:, 0], 'xmin'), (report.ns['xmax'], latent[:, 0], 'xmax'),
              (report.ns['ymin'], latent[:, 1], 'ymin'), (report.ns['ymax'], latent[:, 1], 'ymax')]
    inside = all((codes >= value - 1e-6).all() if name.endswith('min') else
                 (codes <= value + 1e-6).all() for value, codes, name in bounds)
    touch = all(np.isclose(codes, value, atol=1e-6).any() for value, codes, _ in bounds)
    report.add('latent limits', inside and touch, 'xmin, xmax, ymin, ymax should bound the latent '
          'codes tightly')


@names('new_data', 'fake_images', 'labels matter')
def part9(report):
    if not report.has('new_data', 'fake_images'):
        return
    new_data, images = np.asarray(report.ns['new_data']), np.asarray(report.ns['fake_images'])
    report.add('new_data', new_data.shape == (1, 2), 'new_data should be one latent point, shape (1, 2)')
    images = images.reshape(len(images), -1) if images.ndim else images
    ok = images.shape == (10, 784) and np.isfinite(images).all()
    report.add('fake_images', ok, 'fake_images should hold 10 images, one per label 0-9')
    report.add('labels matter', ok and np.abs(np.diff(images, axis=0)).mean() > 1e-3,
          'the 10 images are all alike: is each decoded with its own label?')


@names('canvas shape', 'orientation')
def part10(report):
    if not report.has('canvas', 'x_values', 'y_values', 'sess', 'reconst', 'latent_input', 'y'):
        return
    canvas, xs, ys = (np.asarray(report.ns[n]) for n in ('canvas', 'x_values', 'y_values'))
    report.add('canvas shape', canvas.shape == (28 * len(ys), 28 * len(xs)),
          'canvas should hold 28 x 28 pixels per point of the grid, ny rows by nx columns')
    if canvas.shape != (28 * len(ys), 28 * len(xs)):
        return
    corners = np.array([[xs[0], ys[-1]], [xs[-1], ys[0]]])  # top left, bottom right
    decoded = report.ns['sess'].run(report.ns['reconst'], {report.ns['latent_input']: corners,
                                                 report.ns['y']: np.eye(10)[[9, 9]]})
    tiles = [canvas[:28, :28], canvas[-28:, -28:]]
    report.add('orientation', all(close(t.ravel(), d, rtol=1e-2, atol=1e-3)
                             for t, d in zip(tiles, decoded)),
          'the last digit\'s canvas should put x_values left to right and the largest Z2 '
          '(y_values[-1]) at the top')


CHECKS = {1: part1, 2: part2, 3: part3, 4: part4, 5: part5, 6: part6, 7: part7, 9: part9,
          10: part10}
