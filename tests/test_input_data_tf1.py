"""input_data's batches against TF1's algorithm, re-implemented here from its behaviour:
``DataSet.__init__`` seeded numpy's global generator (``seed`` reduced modulo 2**31 - 1, or the
graph seed when ``seed`` is None), and ``next_batch`` shuffled ``numpy.arange`` with it at the
first batch and at each epoch's end, joining an epoch's rest to the next epoch's head."""
import numpy as np
import pytest

from cae_tf.handout import input_data

MAXINT32 = 2 ** 31 - 1


class TF1DataSet:
    """TF1's DataSet (contrib/learn/datasets/mnist.py), shuffling and batching only."""

    def __init__(self, images, labels, seed=None, graph_seed=None):
        if seed is not None:
            np.random.seed(seed % MAXINT32)
        elif graph_seed is not None:
            np.random.seed(graph_seed % MAXINT32)
        self.images, self.labels, self.n, self.index, self.epochs = images, labels, len(images), 0, 0

    def _shuffle(self):
        perm = np.arange(self.n)
        np.random.shuffle(perm)
        self.images, self.labels = self.images[perm], self.labels[perm]

    def next_batch(self, size):
        start = self.index
        if self.epochs == 0 and start == 0:
            self._shuffle()
        if start + size > self.n:
            self.epochs += 1
            rest = self.images[start:], self.labels[start:]
            self._shuffle()
            self.index = size - (self.n - start)
            return (np.concatenate([rest[0], self.images[:self.index]]),
                    np.concatenate([rest[1], self.labels[:self.index]]))
        self.index += size
        return self.images[start:self.index], self.labels[start:self.index]


def tf1_read(mnist_arrays, seed=None, graph_seed=None):
    """TF1's read_data_sets: three DataSets built in order (each reseeding numpy)."""
    (train_x, train_y), (test_x, test_y) = mnist_arrays
    return (TF1DataSet(train_x[5000:], train_y[5000:], seed, graph_seed),
            TF1DataSet(train_x[:5000], train_y[:5000], seed, graph_seed),
            TF1DataSet(test_x, test_y, seed, graph_seed))


@pytest.fixture(scope='module')
def arrays(tmp_path_factory):
    """MNIST in file order (a fresh read: ``next_batch`` reorders a DataSet's arrays)."""
    state = np.random.get_state()
    mnist = input_data.read_data_sets(str(tmp_path_factory.mktemp('MNIST_data')), one_hot=True)
    np.random.set_state(state)
    train = np.concatenate([mnist.validation.images, mnist.train.images])
    labels = np.concatenate([mnist.validation.labels, mnist.train.labels])
    return (train, labels), (mnist.test.images, mnist.test.labels)


def read(tmp_path, **kwargs):
    return input_data.read_data_sets(str(tmp_path / 'MNIST_data'), one_hot=True, **kwargs)


def assert_same(ours, theirs):
    """Both runs gave the same batches, images and labels, in the same order."""
    assert len(ours) == len(theirs)
    for (a_x, a_y), (b_x, b_y) in zip(ours, theirs):
        np.testing.assert_array_equal(a_y, b_y)
        np.testing.assert_array_equal(a_x, b_x)


# Each scenario runs against ours, then against TF1's: the two share numpy's generator, so one
# is built and used to the end before the other is built.

def mixed(train, validation, test):
    """Validation batches mixed into training, past the end of a validation epoch."""
    batches = []
    for _ in range(30):
        batches += [train.next_batch(100), validation.next_batch(250)]
    return batches


def test_train_and_validation_batches_mixed_with_seed_42(tmp_path, arrays):
    ours = mixed(*read(tmp_path, seed=42))
    theirs = mixed(*tf1_read(arrays, seed=42))
    assert_same(ours, theirs)


def with_noise(train, validation, test):
    """A numpy draw between batches (noise for a denoising autoencoder), across epoch ends."""
    batches = []
    for _ in range(45):
        images, labels = test.next_batch(250)
        batches.append((images + 0.1 * np.random.randn(*images.shape), labels))
        np.random.choice(10, 3)
    return batches


def test_numpy_draws_between_batches_share_the_global_generator(tmp_path, arrays):
    assert_same(with_noise(*read(tmp_path, seed=7)), with_noise(*tf1_read(arrays, seed=7)))


def test_np_random_seed_after_loading_fixes_the_batches(tmp_path, arrays):
    runs = []
    for _ in range(2):
        data = read(tmp_path)  # no seed, no graph seed: numpy's state is left as it was
        np.random.seed(0)
        runs.append([data.train.next_batch(50) for _ in range(3)])
    assert_same(runs[0], runs[1])
    theirs = TF1DataSet(arrays[0][0][5000:], arrays[0][1][5000:])
    np.random.seed(0)
    assert_same(runs[0], [theirs.next_batch(50) for _ in range(3)])


def first_batches(train, validation, test):
    return [train.next_batch(50), train.next_batch(77), test.next_batch(50)]


def test_the_graph_seed_seeds_numpy_when_tensorflow_is_imported(tmp_path, arrays):
    from cae_tf.handout.compat import tf
    tf.reset_default_graph()
    tf.set_random_seed(1234)
    try:
        ours = first_batches(*read(tmp_path))
    finally:
        tf.reset_default_graph()
    assert_same(ours, first_batches(*tf1_read(arrays, graph_seed=1234)))


def test_numpy_is_left_as_randomstate_42_after_loading(tmp_path):
    read(tmp_path, seed=42)
    np.testing.assert_array_equal(np.random.rand(3), np.random.RandomState(42).rand(3))


def test_large_seeds_are_reduced_as_tf1_did(tmp_path, arrays):
    ours = first_batches(*read(tmp_path, seed=MAXINT32 + 5))
    assert_same(ours, first_batches(*tf1_read(arrays, seed=5)))
    assert input_data.numpy_seed(2 ** 40) == 2 ** 40 % MAXINT32


def test_fashion_mnist_shaped_files_in_train_dir_load(tmp_path, capsys):
    folder = tmp_path / 'fashion'
    folder.mkdir()
    rng = np.random.RandomState(1)
    from test_input_data import write_idx
    for prefix, n in (('train', 6000), ('t10k', 1000)):
        write_idx(folder / (prefix + '-images-idx3-ubyte.gz'), 2051, (n, 28, 28),
                  rng.randint(0, 256, n * 784, dtype=np.uint8))
        write_idx(folder / (prefix + '-labels-idx1-ubyte.gz'), 2049, (n,),
                  rng.randint(0, 10, n, dtype=np.uint8))
    data = input_data.read_data_sets(str(folder), one_hot=True)  # the default source_url
    assert data.train.images.shape == (1000, 784) and data.validation.num_examples == 5000
    assert data.test.labels.shape == (1000, 10)
    assert capsys.readouterr().out.count('are not the MNIST files this package ships') == 1

