"""Training for the evaluation: the homework's CAE, or the same network as a plain AE (labels
held at zero), with the fast trainer or the seed's loop; and restoring either from a checkpoint."""
import numpy as np

from cae_tf.handout.compat import tf
from cae_tf.handout.given import make_batch_maker
from cae_tf.solution.fast import build_fast_steps, fast_config, fast_train
from cae_tf.solution.model import build_cae
from cae_tf.solution.settings import n_iter as N_ITER
from cae_tf.solution.train import restore_model, train


def label_input(labels, use_labels):
    """The labels fed to the network: as given for the CAE, zeros for the plain AE."""
    return labels if use_labels else np.zeros_like(labels)


def train_model(mnist, use_labels=True, n_iter=N_ITER, seed=42, faithful=False, log=None):
    """Train the homework's network in a fresh graph.

    Args:
        mnist: ``input_data.read_data_sets(..., one_hot=True)``.
        use_labels: False trains the plain AE (label input held at zero).
        faithful: train with the seed's loop (``cae_tf.solution.train.train``), whose every run is bit
            for bit the same, instead of the fast trainer (about 1.4x faster, records equal to
            about 1e-3 only).
    Returns:
        ``(sess, cae, (loss_record_train, loss_record_test))``; ``cae`` is ``build_cae``'s
        namespace. The caller closes ``sess``.
    """
    cae = build_cae(seed)
    train_labels = label_input(mnist.train.labels, use_labels)
    test_batch_maker = make_batch_maker(mnist.test.images,
                                        label_input(mnist.test.labels, use_labels))
    if faithful:
        sess = tf.Session()
        records = train(sess, cae.x, cae.y, cae.loss, cae.optm,
                        make_batch_maker(mnist.train.images, train_labels), test_batch_maker,
                        n_iter=n_iter, log=log)
        return sess, cae, records
    steps = build_fast_steps(cae.weights, cae.biases, mnist.train.images, train_labels)
    sess = tf.Session(config=fast_config())
    records = fast_train(sess, cae.x, cae.y, cae.loss, steps, mnist.train.images, train_labels,
                         test_batch_maker, n_iter=n_iter, log=log)
    return sess, cae, records


def load_model(path, seed=42):
    """Return ``(sess, cae)`` with the model restored from checkpoint ``path``."""
    cae = build_cae(seed)
    sess = tf.Session()
    try:
        restore_model(sess, cae.weights, cae.biases, path)
    except ValueError:
        sess.close()
        raise
    return sess, cae
