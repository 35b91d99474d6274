"""Drop-in for TF1's ``tensorflow.examples.tutorials.mnist.input_data`` (homework part 1).

The seed's cell works with one line changed::

    from cae_tf.handout import input_data
    mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

Behaviour follows TF1's ``mnist.py``: validation is the *first* ``validation_size`` training
images, images are (N, 784) float32 scaled by 1/255 (uint8 kept with ``dtype=np.uint8``), labels
are one-hot on request, ``next_batch`` shuffles per epoch and wraps across epochs.

Shuffling is TF1's too: a ``DataSet`` seeds numpy's *global* generator when it is built, as TF1
did (with ``seed``, reduced modulo 2**31 - 1, or, when ``seed`` is None, with the TensorFlow graph
seed if one is set), and shuffles with it; so old code that relied on ``np.random.seed`` or
``tf.set_random_seed`` gets the batches it got in 2020.

Deliberate differences, each for the students' sake:
  * Files come from ``train_dir`` if present, else from the copy packaged with ``cae_tf``
    (copied into ``train_dir`` as TF1's download did), else from ``source_url``; no internet is
    needed.
  * Every file is checked (gzip integrity, magic number, header sizes, label range) and a bad one
    raises :class:`MNISTFileError` naming the file and the problem. It is a ``ValueError``, and
    an ``OSError`` too where the file cannot be read, as TF1's errors were, so old ``except``
    clauses still catch it. The packaged copy and downloads are also checked against MNIST's
    sha256; files put into ``train_dir`` by hand (Fashion-MNIST, say) load with a one-line note.
  * With neither ``seed`` nor a graph seed, TF1 reseeded numpy from the operating system's
    entropy; here numpy's state is left as it is, which keeps a student's own earlier
    ``np.random.seed`` in force.
"""
import collections
import gzip
import hashlib
import json
import os
import shutil
import sys
import urllib.request
import zlib

import numpy as np

DEFAULT_SOURCE_URL = 'https://storage.googleapis.com/cvdf-datasets/mnist/'
TRAIN_IMAGES = 'train-images-idx3-ubyte.gz'
TRAIN_LABELS = 'train-labels-idx1-ubyte.gz'
TEST_IMAGES = 't10k-images-idx3-ubyte.gz'
TEST_LABELS = 't10k-labels-idx1-ubyte.gz'
PACKAGED_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'mnist')
IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049

FILES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

Datasets = collections.namedtuple('Datasets', ['train', 'validation', 'test'])


class MNISTFileError(ValueError):
    """An MNIST file is missing, truncated, corrupt or not what its name says."""


class MNISTReadError(MNISTFileError, OSError):
    """An MNIST file cannot be found or read (TF1 raised an ``OSError`` there)."""

    def __str__(self):
        return ValueError.__str__(self)


_MAXINT32 = 2 ** 31 - 1  # TF1's random_seed._MAXINT32: seeds are reduced modulo this


def _graph_seed():
    """TensorFlow's global (graph) seed if TensorFlow is already imported and one is set."""
    tf = sys.modules.get('tensorflow')
    if tf is None:
        return None  # the loader never imports TensorFlow itself
    try:
        if tf.executing_eagerly():
            from tensorflow.python.eager import context
            return context.global_seed()
        return tf.compat.v1.get_default_graph().seed
    except Exception:  # an unusual TensorFlow: behave as if no graph seed were set
        return None


def numpy_seed(seed):
    """Return the seed TF1's ``DataSet`` gave ``numpy.random.seed``, or None where TF1 drew
    one from the operating system (no ``seed``, no graph seed)."""
    graph_seed = _graph_seed()
    if seed is not None:
        if graph_seed is not None and graph_seed % _MAXINT32 == 0 and seed % _MAXINT32 == 0:
            return _MAXINT32  # TF1's get_seed turned (0, 0) into (0, 2**31 - 1)
        return seed % _MAXINT32
    return None if graph_seed is None else graph_seed % _MAXINT32


def _manifest():
    with open(os.path.join(PACKAGED_DIR, 'MANIFEST.json'), encoding='utf-8') as f:
        return json.load(f)['files']


def _read_gz(path):
    """Return the uncompressed bytes of ``path``; a damaged gzip raises MNISTFileError."""
    try:
        with gzip.open(path, 'rb') as f:
            return f.read()
    except (OSError, EOFError, zlib.error) as e:
        raise MNISTReadError('%s: not a readable gzip file (%s)' % (path, e)) from e


def _parse_idx(path, content, magic, n_dims):
    """Check an IDX header against ``magic`` and the content size; return (dims, payload)."""
    header_len = 4 * (1 + n_dims)
    if len(content) < header_len:
        raise MNISTFileError('%s: truncated header (%d bytes)' % (path, len(content)))
    header = np.frombuffer(content[:header_len], dtype='>u4')
    if header[0] != magic:
        raise MNISTFileError('%s: invalid magic number %d, expected %d'
                             % (path, header[0], magic))
    dims = tuple(int(d) for d in header[1:])
    expected = int(np.prod(dims))
    if len(content) - header_len != expected:
        raise MNISTFileError('%s: header says %s = %d bytes of data, file holds %d'
                             % (path, 'x'.join(map(str, dims)), expected,
                                len(content) - header_len))
    return dims, np.frombuffer(content, dtype=np.uint8, offset=header_len)


def _check_sha256(path, content, name, mismatched=None):
    """Check ``content`` against MNIST's sha256 for ``name``: a mismatch raises, or, given a
    ``mismatched`` list (files the user placed), is appended there."""
    expected = _manifest().get(name, {}).get('sha256')
    actual = hashlib.sha256(content).hexdigest()
    if expected and actual != expected:
        if mismatched is not None:
            mismatched.append(path)
            return
        raise MNISTFileError('%s: sha256 of the uncompressed content is %s, MNIST has %s; '
                             'delete the file to use the packaged copy' % (path, actual, expected))


def extract_images(path, verify_name=None, mismatched=None):
    """Return the images of an IDX3 gz file as uint8 (N, rows, cols, 1), as TF1 did."""
    print('Extracting', path)
    content = _read_gz(path)
    (n, rows, cols), data = _parse_idx(path, content, IMAGES_MAGIC, 3)
    if verify_name:
        _check_sha256(path, content, verify_name, mismatched)
    return data.reshape(n, rows, cols, 1)


def extract_labels(path, one_hot=False, num_classes=10, verify_name=None, mismatched=None):
    """Return the labels of an IDX1 gz file, (N,) uint8 or (N, num_classes) one-hot."""
    print('Extracting', path)
    content = _read_gz(path)
    _, labels = _parse_idx(path, content, LABELS_MAGIC, 1)
    if verify_name:
        _check_sha256(path, content, verify_name, mismatched)
    if labels.size and labels.max() >= num_classes:
        raise MNISTFileError('%s: label %d out of range [0, %d)'
                             % (path, labels.max(), num_classes))
    return dense_to_one_hot(labels, num_classes) if one_hot else labels


def dense_to_one_hot(labels_dense, num_classes):
    """Convert class labels, (N,) or (N, 1), to one-hot vectors (N, num_classes)."""
    return np.eye(num_classes, dtype=np.float64)[np.asarray(labels_dense).ravel()]


def to_float(images):
    """Scale uint8 pixels to float32 in [0, 1], as ``DataSet`` does for ``dtype=np.float32``."""
    return images.astype(np.float32) * np.float32(1.0 / 255.0)


class DataSet:
    """Images and labels with TF1's ``next_batch`` (shuffle per epoch, wrap across epochs)."""

    def __init__(self, images, labels, fake_data=False, one_hot=False, dtype=np.float32,
                 reshape=True, seed=None):
        dtype = np.dtype(getattr(dtype, 'as_numpy_dtype', dtype))
        if dtype not in (np.dtype(np.uint8), np.dtype(np.float32)):
            raise TypeError('Invalid image dtype %r, expected uint8 or float32' % dtype)
        numpy_seed_ = numpy_seed(seed)
        if numpy_seed_ is not None:
            np.random.seed(numpy_seed_)  # numpy's global generator, as TF1 seeded it
        self.one_hot = one_hot
        if fake_data:
            self._num_examples = 10000
        else:
            if images.shape[0] != labels.shape[0]:
                raise ValueError('images.shape: %s labels.shape: %s'
                                 % (images.shape, labels.shape))
            self._num_examples = images.shape[0]
            if reshape:
                images = images.reshape(images.shape[0], int(np.prod(images.shape[1:])))
            if dtype == np.float32:
                images = to_float(images)
        self._images, self._labels = images, labels
        self._epochs_completed = 0
        self._index_in_epoch = 0

    @property
    def images(self):
        return self._images

    @property
    def labels(self):
        return self._labels

    @property
    def num_examples(self):
        return self._num_examples

    @property
    def epochs_completed(self):
        return self._epochs_completed

    def _shuffle(self):
        perm = np.arange(self._num_examples)
        np.random.shuffle(perm)
        self._images, self._labels = self._images[perm], self._labels[perm]

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """Return the next ``batch_size`` examples, reshuffling at each new epoch."""
        if fake_data:
            fake_label = [1] + [0] * 9 if self.one_hot else 0
            return [[1] * 784] * batch_size, [fake_label] * batch_size
        start = self._index_in_epoch
        if self._epochs_completed == 0 and start == 0 and shuffle:
            self._shuffle()
        if start + batch_size <= self._num_examples:
            self._index_in_epoch += batch_size
            return (self._images[start:self._index_in_epoch],
                    self._labels[start:self._index_in_epoch])
        # The epoch ends inside this batch: its rest, then the head of a new epoch.
        self._epochs_completed += 1
        images_rest, labels_rest = self._images[start:], self._labels[start:]
        if shuffle:
            self._shuffle()
        self._index_in_epoch = batch_size - len(images_rest)
        end = self._index_in_epoch
        return (np.concatenate([images_rest, self._images[:end]]),
                np.concatenate([labels_rest, self._labels[:end]]))


def _locate(name, train_dir, source_url):
    """Return ``(path, placed)`` of ``name``: in train_dir (``placed``: found there), else
    packaged (copied in), else downloaded."""
    local = os.path.join(train_dir, name)
    if os.path.exists(local):
        return local, True
    packaged = os.path.join(PACKAGED_DIR, name)
    tried = ['%s (not there)' % local]
    if source_url == DEFAULT_SOURCE_URL and os.path.exists(packaged):
        try:
            os.makedirs(train_dir, exist_ok=True)
            shutil.copyfile(packaged, local + '.part')
            os.replace(local + '.part', local)
            return local, False
        except OSError:
            return packaged, False  # train_dir not writable: read the packaged copy in place
    tried.append('packaged copy %s (%s)' % (
        packaged, 'not used for a non-default source_url' if os.path.exists(packaged)
        else 'missing'))
    try:
        os.makedirs(train_dir, exist_ok=True)
        urllib.request.urlretrieve(source_url + name, local + '.part')
        os.replace(local + '.part', local)
        print('Successfully downloaded', name)
        return local, False
    except (OSError, ValueError) as e:
        tried.append('download from %s (%s)' % (source_url + name, e))
    raise MNISTReadError('cannot find %s; tried: %s' % (name, '; '.join(tried)))


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=np.float32, reshape=True,
                   validation_size=5000, seed=None, source_url=DEFAULT_SOURCE_URL):
    """Load MNIST as TF1 did: ``Datasets(train, validation, test)`` of ``DataSet``."""
    options = dict(dtype=dtype, reshape=reshape, seed=seed)
    if fake_data:
        fake = [DataSet([], [], fake_data=True, one_hot=one_hot, **options) for _ in range(3)]
        return Datasets(*fake)
    source_url = source_url or DEFAULT_SOURCE_URL
    # The packaged sha256 values identify MNIST; another source (Fashion-MNIST) is not checked,
    # and files the user put into train_dir are loaded whatever they hold, with a note.
    verify = source_url == DEFAULT_SOURCE_URL
    located = {name: _locate(name, train_dir, source_url) for name in FILES}
    mismatched = []

    def read(name, extract, **kwargs):
        path, placed = located[name]
        return extract(path, verify_name=verify and name,
                       mismatched=mismatched if placed else None, **kwargs)
    train_images = read(TRAIN_IMAGES, extract_images)
    train_labels = read(TRAIN_LABELS, extract_labels, one_hot=one_hot)
    test_images = read(TEST_IMAGES, extract_images)
    test_labels = read(TEST_LABELS, extract_labels, one_hot=one_hot)
    if mismatched:
        print('Note: %s are not the MNIST files this package ships (their sha256 differ); '
              'loading them as they are.' % ', '.join(mismatched))
    for images, labels, what in ((train_images, train_labels, 'train'),
                                 (test_images, test_labels, 't10k')):
        if len(images) != len(labels):
            raise MNISTFileError('%s: %d images but %d labels' % (what, len(images), len(labels)))
    if not 0 <= validation_size <= len(train_images):
        raise ValueError('Validation size should be between 0 and {}. Received: {}.'
                         .format(len(train_images), validation_size))
    return Datasets(
        train=DataSet(train_images[validation_size:], train_labels[validation_size:], **options),
        validation=DataSet(train_images[:validation_size], train_labels[:validation_size],
                           **options),
        test=DataSet(test_images, test_labels, **options))
