"""The fast trainer: same records and step count as the seed's loop, learns as well, and keeps the
training set out of checkpoints."""
import math

import numpy as np
import pytest

from cae_tf.solution import fast, model, train
from cae_tf.handout.compat import tf


def run_fast(mnist, n_iter, n_prt, seed=5):
    cae = model.build_cae(seed=seed)
    steps = fast.build_fast_steps(cae.weights, cae.biases, mnist.train.images,
                                  mnist.train.labels)
    with tf.Session(config=fast.fast_config()) as sess:
        records = fast.fast_train(sess, cae.x, cae.y, cae.loss, steps, mnist.train.images,
                                  mnist.train.labels,
                                  train.make_batch_maker(mnist.test.images, mnist.test.labels),
                                  n_iter=n_iter, n_prt=n_prt, log=None)
        beta1_power = sess.run(steps.optimizer._get_beta_accumulators()[0])
        mse = train.full_set_loss(sess, cae.x, cae.y, cae.loss, mnist.test.images,
                                  mnist.test.labels)
        saved = {v.op.name for v in tf.global_variables()}
    return records, beta1_power, mse, saved, steps


@pytest.mark.parametrize('n_iter, n_prt', [(100, 25), (90, 40)])
def test_records_and_step_count_match_the_seed_loop(mnist, n_iter, n_prt):
    (train_rec, test_rec), beta1_power, _, _, _ = run_fast(mnist, n_iter, n_prt)
    assert len(train_rec) == len(test_rec) == n_iter // n_prt + 1
    # Adam's beta1 accumulator starts at 0.9 and is multiplied by 0.9 after every step, so it
    # is 0.9 ** (steps + 1); the seed's loop takes n_iter + 1 steps
    assert round(math.log(beta1_power) / math.log(0.9)) == (n_iter + 1) + 1
    assert all(np.isfinite(train_rec + test_rec))


def test_fast_trainer_learns_as_well_as_the_seed_loop(mnist):
    (train_rec, _), _, fast_mse, _, _ = run_fast(mnist, 400, 100)
    cae = model.build_cae(seed=5)
    with tf.Session() as sess:
        train.train(sess, cae.x, cae.y, cae.loss, cae.optm,
                    train.make_batch_maker(mnist.train.images, mnist.train.labels),
                    train.make_batch_maker(mnist.test.images, mnist.test.labels),
                    n_iter=400, n_prt=100, log=None)
        seed_mse = train.full_set_loss(sess, cae.x, cae.y, cae.loss, mnist.test.images,
                                       mnist.test.labels)
    assert train_rec[-1] < train_rec[0] / 4
    assert abs(fast_mse - seed_mse) < 0.01 and fast_mse < 0.08


def test_same_seed_close_records_and_data_not_checkpointed(mnist):
    first, _, _, saved, steps = run_fast(mnist, 30, 10)
    again = run_fast(mnist, 30, 10)[0]
    # ops running side by side add up in varying order: close, not bit-identical
    assert np.allclose(first, again, rtol=1e-2)
    assert not any(v.op.name in saved for v in steps.data)
