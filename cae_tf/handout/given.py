"""Helpers for the code the homework gives: part (5)'s batch makers and the full-test-set loss.

Neither trains nor builds anything; they hold what the seed's given cells held in notebook globals.
"""
import numpy as np


def make_batch_maker(imgs, labels):
    """Return ``batch_maker(batch_size)`` sampling with replacement, as the seed's part (5).

    The seed's ``train_batch_maker`` read notebook globals; this closure holds its arrays.
    Draws come from numpy's global generator (``np.random.randint``), so seeding numpy fixes them.
    """
    def batch_maker(batch_size):
        random_idx = np.random.randint(len(imgs), size=batch_size)
        return imgs[random_idx], labels[random_idx]
    return batch_maker


def full_set_loss(sess, x, y, loss, imgs, labels):
    """Return your ``loss`` over all of ``imgs``/``labels`` in one run (the full-test-set MSE)."""
    return float(sess.run(loss, feed_dict={x: imgs, y: labels}))


def reset_graph(seed=42):
    """Start a fresh default graph with graph-level and numpy seeds set (every part).

    Re-running a part's cells from here then gives the same numbers.
    """
    from cae_tf.handout.compat import tf
    tf.reset_default_graph()
    tf.set_random_seed(seed)
    np.random.seed(seed)
