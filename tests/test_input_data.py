"""cae_tf.handout.input_data against TF1's behaviour and against the raw IDX bytes read with numpy."""
import contextlib
import gzip
import io
import os
import shutil
import struct

import numpy as np
import pytest

from cae_tf.handout import input_data
from cae_tf.handout.input_data import MNISTFileError

NAMES = [input_data.TRAIN_IMAGES, input_data.TRAIN_LABELS,
         input_data.TEST_IMAGES, input_data.TEST_LABELS]
ELSEWHERE = 'file:///nonexistent-mirror/'  # a source_url that skips the packaged copy, offline


def raw_packaged(name, header):
    """The packaged file's payload as uint8, read independently of cae_tf."""
    with gzip.open(os.path.join(input_data.PACKAGED_DIR, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def write_idx(path, magic, dims, payload, compress=True):
    content = struct.pack('>%di' % (1 + len(dims)), magic, *dims) + bytes(payload)
    with (gzip.open if compress else open)(path, 'wb') as f:
        f.write(content)


def write_tiny_set(folder, n_train=12, n_test=4):
    """Valid IDX files of random 28x28 images, for loading from train_dir."""
    rng = np.random.RandomState(0)
    for prefix, n in (('train', n_train), ('t10k', n_test)):
        write_idx(os.path.join(folder, prefix + '-images-idx3-ubyte.gz'), 2051, (n, 28, 28),
                  rng.randint(0, 256, n * 784, dtype=np.uint8))
        write_idx(os.path.join(folder, prefix + '-labels-idx1-ubyte.gz'), 2049, (n,),
                  np.arange(n, dtype=np.uint8) % 10)


def test_shapes_dtypes_and_ranges(mnist):
    assert mnist.train.images.shape == (55000, 784)
    assert mnist.validation.images.shape == (5000, 784)
    assert mnist.test.images.shape == (10000, 784)
    assert mnist.train.labels.shape == (55000, 10)
    for ds in mnist:
        assert ds.images.dtype == np.float32
        assert ds.images.min() == 0.0 and ds.images.max() == 1.0
        np.testing.assert_array_equal(ds.labels.sum(axis=1), 1)
        assert ds.num_examples == len(ds.images)


def test_values_are_raw_bytes_over_255_and_validation_comes_first(mnist):
    train_bytes = raw_packaged(input_data.TRAIN_IMAGES, 16).reshape(60000, 784)
    train_digits = raw_packaged(input_data.TRAIN_LABELS, 8)
    np.testing.assert_allclose(mnist.validation.images, train_bytes[:5000] / 255.0, rtol=1e-6)
    np.testing.assert_allclose(mnist.train.images, train_bytes[5000:] / 255.0, rtol=1e-6)
    np.testing.assert_array_equal(mnist.validation.labels.argmax(1), train_digits[:5000])
    np.testing.assert_array_equal(mnist.train.labels.argmax(1), train_digits[5000:])


def test_to_float_gives_what_the_float_data_sets_hold(mnist):
    raw = input_data.read_data_sets(input_data.PACKAGED_DIR, one_hot=True, dtype=np.uint8)
    assert raw.test.images.dtype == np.uint8 and raw.test.images.shape == (10000, 784)
    test = input_data.to_float(raw.test.images)
    assert test.dtype == np.float32
    np.testing.assert_array_equal(test, mnist.test.images)
    np.testing.assert_array_equal(input_data.to_float(raw.train.images[:3]), mnist.train.images[:3])


def test_label_counts_are_mnists(mnist):
    assert np.bincount(mnist.test.labels.argmax(1)).tolist() == [
        980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    train_all = np.concatenate([mnist.validation.labels, mnist.train.labels]).argmax(1)
    assert np.bincount(train_all).tolist() == [
        5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


@pytest.mark.parametrize('package', ['cae_tf.handout', 'cae_tf'])  # the README's drop-in too
def test_seed_data_cell_prints_the_seeds_lines(tmp_path, monkeypatch, package):
    monkeypatch.chdir(tmp_path)
    cell = '''
from %s import input_data
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

train_imgs   = mnist.train.images
train_labels = mnist.train.labels
test_imgs    = mnist.test.images
test_labels  = mnist.test.labels
n_train      = train_imgs.shape[0]
n_test       = test_imgs.shape[0]

print ("The number of training images : {}, shape : {}".format(n_train, train_imgs.shape))
print ("The number of testing images : {}, shape : {}".format(n_test, test_imgs.shape))
''' % package
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(cell, {})
    assert out.getvalue().splitlines() == [
        'Extracting MNIST_data/train-images-idx3-ubyte.gz',
        'Extracting MNIST_data/train-labels-idx1-ubyte.gz',
        'Extracting MNIST_data/t10k-images-idx3-ubyte.gz',
        'Extracting MNIST_data/t10k-labels-idx1-ubyte.gz',
        'The number of training images : 55000, shape : (55000, 784)',
        'The number of testing images : 10000, shape : (10000, 784)',
    ]
    # As TF1's download did, the files now sit in train_dir, byte-identical to the packaged ones.
    for name in NAMES:
        with open(tmp_path / 'MNIST_data' / name, 'rb') as a, \
                open(os.path.join(input_data.PACKAGED_DIR, name), 'rb') as b:
            assert a.read() == b.read()


def test_uint8_unreshaped_and_dense_labels(tmp_path):
    write_tiny_set(str(tmp_path))
    data = input_data.read_data_sets(str(tmp_path), dtype=np.uint8, reshape=False,
                                     validation_size=2, source_url=ELSEWHERE)
    assert data.train.images.shape == (10, 28, 28, 1) and data.train.images.dtype == np.uint8
    np.testing.assert_array_equal(data.train.labels, np.arange(2, 12) % 10)
    assert data.validation.num_examples == 2 and data.test.num_examples == 4


def test_train_dir_comes_first(tmp_path):
    write_tiny_set(str(tmp_path))
    data = input_data.read_data_sets(str(tmp_path), one_hot=True, validation_size=2,
                                     source_url=ELSEWHERE)
    assert data.train.images.shape == (10, 784)
    assert data.test.labels.shape == (4, 10)


def test_download_from_source_url(tmp_path):
    mirror = tmp_path / 'mirror'
    mirror.mkdir()
    write_tiny_set(str(mirror))
    data = input_data.read_data_sets(str(tmp_path / 'data'), validation_size=0,
                                     source_url=mirror.as_uri() + '/')
    assert data.train.num_examples == 12
    assert sorted(os.listdir(tmp_path / 'data')) == sorted(NAMES)


def test_nothing_found_says_what_was_tried(tmp_path):
    with pytest.raises(MNISTFileError) as err:
        input_data.read_data_sets(str(tmp_path / 'empty'), source_url=ELSEWHERE)
    message = str(err.value)
    assert 'train-images-idx3-ubyte.gz' in message
    assert 'not there' in message and 'packaged copy' in message and 'download from' in message


def test_validation_size_out_of_range(tmp_path):
    write_tiny_set(str(tmp_path))
    with pytest.raises(ValueError, match='between 0 and 12'):
        input_data.read_data_sets(str(tmp_path), validation_size=13, source_url=ELSEWHERE)


def _corrupt(kind, path):
    if kind == 'not gzip':
        path.write_bytes(b'this is not a gzip file')
    elif kind == 'truncated gzip':
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 2])
    elif kind == 'wrong magic':
        write_idx(path, 2049, (12, 28, 28), np.zeros(12 * 784, np.uint8))
    elif kind == 'short data':
        write_idx(path, 2051, (12, 28, 28), np.zeros(12 * 784 - 1, np.uint8))
    elif kind == 'extra data':
        write_idx(path, 2051, (12, 28, 28), np.zeros(12 * 784 + 5, np.uint8))
    elif kind == 'header only':
        write_idx(path, 2051, (), b'')


@pytest.mark.parametrize('kind, message', [
    ('not gzip', 'not a readable gzip file'),
    ('truncated gzip', 'not a readable gzip file'),
    ('wrong magic', 'invalid magic number 2049, expected 2051'),
    ('short data', 'file holds 9407'),
    ('extra data', 'file holds 9413'),
    ('header only', 'truncated header'),
])
def test_bad_file_raises_naming_file_and_problem(tmp_path, kind, message):
    write_tiny_set(str(tmp_path))
    bad = tmp_path / input_data.TRAIN_IMAGES
    _corrupt(kind, bad)
    with pytest.raises(MNISTFileError) as err:
        input_data.read_data_sets(str(tmp_path), validation_size=0, source_url=ELSEWHERE)
    assert str(bad) in str(err.value) and message in str(err.value)


def test_label_out_of_range(tmp_path):
    write_tiny_set(str(tmp_path))
    write_idx(tmp_path / input_data.TEST_LABELS, 2049, (4,), [1, 2, 10, 3])
    with pytest.raises(MNISTFileError, match='label 10 out of range'):
        input_data.read_data_sets(str(tmp_path), validation_size=0, source_url=ELSEWHERE)


def test_images_and_labels_disagree_in_count(tmp_path):
    write_tiny_set(str(tmp_path))
    write_idx(tmp_path / input_data.TEST_LABELS, 2049, (3,), [1, 2, 3])
    with pytest.raises(MNISTFileError, match='t10k: 4 images but 3 labels'):
        input_data.read_data_sets(str(tmp_path), validation_size=0, source_url=ELSEWHERE)


def test_a_placed_file_that_is_not_mnist_loads_with_a_note(tmp_path, capsys):
    for name in NAMES:
        shutil.copy(os.path.join(input_data.PACKAGED_DIR, name), tmp_path / name)
    labels = raw_packaged(input_data.TEST_LABELS, 8).copy()
    labels[0] = (labels[0] + 1) % 10  # a well-formed file with one other label
    write_idx(tmp_path / input_data.TEST_LABELS, 2049, (10000,), labels)
    before = (tmp_path / input_data.TEST_LABELS).read_bytes()
    data = input_data.read_data_sets(str(tmp_path))
    np.testing.assert_array_equal(data.test.labels, labels)
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith('Note:')]
    assert notes == ['Note: %s are not the MNIST files this package ships (their sha256 differ); '
                     'loading them as they are.' % (tmp_path / input_data.TEST_LABELS)]
    assert (tmp_path / input_data.TEST_LABELS).read_bytes() == before


def test_the_packaged_copy_is_still_checked_against_mnist(tmp_path, monkeypatch):
    packaged = tmp_path / 'packaged'
    shutil.copytree(input_data.PACKAGED_DIR, packaged)
    labels = raw_packaged(input_data.TEST_LABELS, 8).copy()
    labels[0] = (labels[0] + 1) % 10
    write_idx(packaged / input_data.TEST_LABELS, 2049, (10000,), labels)
    monkeypatch.setattr(input_data, 'PACKAGED_DIR', str(packaged))
    with pytest.raises(MNISTFileError, match='sha256') as err:
        input_data.read_data_sets(str(tmp_path / 'MNIST_data'))
    assert input_data.TEST_LABELS in str(err.value)


def test_errors_are_what_tf1_raised_too(tmp_path):
    write_tiny_set(str(tmp_path))
    _corrupt('not gzip', tmp_path / input_data.TRAIN_IMAGES)
    with pytest.raises(OSError, match='not a readable gzip file'):   # TF1: OSError from gzip
        input_data.read_data_sets(str(tmp_path), validation_size=0, source_url=ELSEWHERE)
    write_tiny_set(str(tmp_path))
    _corrupt('wrong magic', tmp_path / input_data.TRAIN_IMAGES)
    with pytest.raises(ValueError, match='invalid magic number'):    # TF1: ValueError
        input_data.read_data_sets(str(tmp_path), validation_size=0, source_url=ELSEWHERE)
    with pytest.raises(OSError, match='cannot find'):                # TF1: the download failed
        input_data.read_data_sets(str(tmp_path / 'empty'), source_url=ELSEWHERE)


def test_dense_to_one_hot_takes_n_and_n_by_1():
    expected = np.eye(10)[[3, 0, 9]]
    np.testing.assert_array_equal(input_data.dense_to_one_hot(np.array([3, 0, 9]), 10), expected)
    np.testing.assert_array_equal(input_data.dense_to_one_hot(np.array([[3], [0], [9]]), 10),
                                  expected)


def test_next_batch_covers_every_example_once_per_epoch():
    images = np.arange(10, dtype=np.uint8).reshape(10, 1, 1, 1)
    ds = input_data.DataSet(images, np.arange(10), dtype=np.uint8, seed=3)
    seen = [ds.next_batch(5)[1] for _ in range(2)]
    assert sorted(np.concatenate(seen).tolist()) == list(range(10))
    assert ds.epochs_completed == 0
    first = np.concatenate(seen)
    assert first.tolist() != list(range(10))  # shuffled
    images, labels = ds.next_batch(5)  # images stay paired with their labels
    np.testing.assert_array_equal(images.ravel(), labels)


def test_next_batch_wraps_across_epochs_as_tf1():
    ds = input_data.DataSet(np.arange(10, dtype=np.uint8).reshape(10, 1, 1, 1), np.arange(10),
                            dtype=np.uint8, seed=0)
    epoch1 = np.concatenate([ds.next_batch(4)[1] for _ in range(2)])   # 8 of epoch 1
    wrapped = ds.next_batch(4)[1]                                      # 2 old + 2 new
    assert ds.epochs_completed == 1
    assert sorted(np.concatenate([epoch1, wrapped[:2]]).tolist()) == list(range(10))
    rest = np.concatenate([wrapped[2:], ds.next_batch(8)[1]])         # the rest of epoch 2
    assert sorted(rest.tolist()) == list(range(10))


def test_next_batch_without_shuffle_keeps_order():
    ds = input_data.DataSet(np.zeros((5, 1, 1, 1), np.uint8), np.arange(5), dtype=np.uint8)
    assert ds.next_batch(3, shuffle=False)[1].tolist() == [0, 1, 2]
    assert ds.next_batch(3, shuffle=False)[1].tolist() == [3, 4, 0]


def test_fake_data_and_bad_dtype():
    data = input_data.read_data_sets('unused', fake_data=True, one_hot=True)
    images, labels = data.train.next_batch(3, fake_data=True)
    assert np.shape(images) == (3, 784) and labels[0] == [1] + [0] * 9
    with pytest.raises(TypeError, match='uint8 or float32'):
        input_data.DataSet(np.zeros((1, 28, 28, 1)), np.zeros(1), dtype=np.float64)
