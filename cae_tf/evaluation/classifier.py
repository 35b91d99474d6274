"""An MNIST digit classifier in the homework's TF1 style, to read the digits a CAE generates.

A small convolutional network (two 5x5 conv + max-pool layers, one hidden dense layer), with
explicit ``weights``/``biases`` dictionaries as in the homework. Its trained values ship with the
package as ``cae_tf/evaluation/data/classifier.npz`` (0.8 MB), so evaluation needs no training; the
file is rebuilt by::

    python -m cae_tf classifier --out cae_tf/evaluation/data/classifier.npz

which trains on the 60000 training images and records the test accuracy in the file.
"""
import os

import numpy as np

from cae_tf.handout.compat import tf

PACKAGED = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'classifier.npz')
SHAPES = {
    'conv1': (5, 5, 1, 16),
    'conv2': (5, 5, 16, 32),
    'hidden': (7 * 7 * 32, 128),
    'logits': (128, 10),
}
LAYERS = tuple(SHAPES)
LR = 0.001
n_batch = 100
n_epoch = 3


class ClassifierFileError(ValueError):
    """A classifier checkpoint is missing, unreadable, or does not hold the expected arrays."""


def make_weights(seed=0):
    """Return ``weights``/``biases`` variables of :data:`SHAPES`, truncated-normal init."""
    weights = {k: tf.Variable(tf.truncated_normal(SHAPES[k], stddev=0.1, seed=seed + i))
               for i, k in enumerate(LAYERS)}
    biases = {k: tf.Variable(tf.constant(0.1, shape=[SHAPES[k][-1]])) for k in LAYERS}
    return weights, biases


def logits(x, weights, biases):
    """Map images ``(N, 784)``, values in [0, 1], to class scores ``(N, 10)``."""
    h = tf.reshape(x, [-1, 28, 28, 1])
    for k in ('conv1', 'conv2'):
        h = tf.nn.relu(tf.nn.conv2d(h, weights[k], strides=[1, 1, 1, 1], padding='SAME')
                       + biases[k])
        h = tf.nn.max_pool(h, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
    h = tf.reshape(h, [-1, SHAPES['hidden'][0]])
    h = tf.nn.relu(tf.matmul(h, weights['hidden']) + biases['hidden'])
    return tf.matmul(h, weights['logits']) + biases['logits']


def train_classifier(train_imgs, train_labels, n_epoch=n_epoch, n_batch=n_batch, LR=LR, seed=0,
                     log=print):
    """Train the classifier with Adam on one-hot ``train_labels``; return its values as arrays.

    Returns:
        ``{'weights/conv1': array, …, 'biases/logits': array}``, what :func:`save` writes.
    """
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(seed)
        x = tf.placeholder(tf.float32, [None, 784])
        y = tf.placeholder(tf.float32, [None, 10])
        weights, biases = make_weights(seed)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
            labels=y, logits=logits(x, weights, biases)))
        optm = tf.train.AdamOptimizer(LR).minimize(loss)
        rng = np.random.RandomState(seed)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.global_variables_initializer())
            for epoch in range(n_epoch):
                order = rng.permutation(len(train_imgs))
                for start in range(0, len(order) - n_batch + 1, n_batch):
                    idx = order[start:start + n_batch]
                    c, _ = sess.run([loss, optm], {x: train_imgs[idx], y: train_labels[idx]})
                if log:
                    log('epoch %d/%d: last batch loss %.4f' % (epoch + 1, n_epoch, c))
            values = sess.run({'weights/' + k: v for k, v in weights.items()})
            values.update(sess.run({'biases/' + k: v for k, v in biases.items()}))
    return values


def save(values, path, test_accuracy):
    """Write ``values`` and the measured ``test_accuracy`` to ``path`` (a compressed .npz)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    np.savez_compressed(path, test_accuracy=np.float64(test_accuracy), **values)
    return path


def load(path=PACKAGED):
    """Return ``(values, test_accuracy)`` from a checkpoint written by :func:`save`."""
    try:
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except FileNotFoundError:
        raise ClassifierFileError('%s: no classifier checkpoint there (rebuild it with '
                                  '`python -m cae_tf classifier --out %s`)' % (path, path))
    except (OSError, ValueError, EOFError) as e:
        raise ClassifierFileError('%s: not a readable .npz checkpoint (%s)' % (path, e)) from e
    for part, shapes in (('weights', SHAPES), ('biases', {k: s[-1:] for k, s in SHAPES.items()})):
        for k, shape in shapes.items():
            name = '%s/%s' % (part, k)
            if name not in arrays:
                raise ClassifierFileError('%s: array %s missing' % (path, name))
            if arrays[name].shape != tuple(shape):
                raise ClassifierFileError('%s: array %s has shape %s, expected %s'
                                          % (path, name, arrays[name].shape, tuple(shape)))
    if 'test_accuracy' not in arrays:
        raise ClassifierFileError('%s: test_accuracy missing' % path)
    return ({k: v for k, v in arrays.items() if k != 'test_accuracy'},
            float(arrays['test_accuracy']))


class Classifier:
    """The trained classifier in a graph and session of its own: ``predict(images)`` -> digits."""

    def __init__(self, values):
        self.graph = tf.Graph()
        with self.graph.as_default():
            self.x = tf.placeholder(tf.float32, [None, 784])
            weights = {k: tf.constant(values['weights/' + k]) for k in LAYERS}
            biases = {k: tf.constant(values['biases/' + k]) for k in LAYERS}
            self.scores = logits(tf.clip_by_value(self.x, 0.0, 1.0), weights, biases)
            self.digits = tf.argmax(self.scores, 1)
        self.sess = tf.Session(graph=self.graph)

    @classmethod
    def packaged(cls, path=PACKAGED):
        return cls(load(path)[0])

    def predict(self, images, chunk=2000):
        """Return the digit read in each image, ``(N,)`` int; values are clipped to [0, 1]."""
        images = np.asarray(images, np.float32).reshape(-1, 784)
        return np.concatenate([self.sess.run(self.digits, {self.x: images[i:i + chunk]})
                               for i in range(0, len(images), chunk)] or [np.zeros(0, np.int64)])

    def accuracy(self, images, digits):
        """Share of ``images`` read as ``digits`` (ints, or one-hot rows)."""
        digits = np.asarray(digits)
        if digits.ndim == 2:
            digits = digits.argmax(1)
        return float(np.mean(self.predict(images) == digits))

    def close(self):
        self.sess.close()


def build(out, n_epoch=n_epoch, data_dir=None, log=print):
    """Train on the 60000 training images, measure on the 10000 test images, save to ``out``."""
    from cae_tf.handout import input_data
    mnist = input_data.read_data_sets(data_dir or input_data.PACKAGED_DIR, one_hot=True,
                                      validation_size=0)
    values = train_classifier(mnist.train.images, mnist.train.labels, n_epoch=n_epoch, log=log)
    classifier = Classifier(values)
    accuracy = classifier.accuracy(mnist.test.images, mnist.test.labels)
    classifier.close()
    if log:
        log('test accuracy: %.4f' % accuracy)
    return save(values, out, accuracy), accuracy
