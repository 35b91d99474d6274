"""The seed's training loop of part (5): loss trends, records, determinism, save/restore."""
import numpy as np
import pytest

from cae_tf.solution import model, train
from cae_tf.handout.compat import tf


def run_training(mnist, n_iter, n_prt, seed=1, log=None):
    cae = model.build_cae(seed=seed)
    sess = tf.Session()
    records = train.train(sess, cae.x, cae.y, cae.loss, cae.optm,
                          train.make_batch_maker(mnist.train.images, mnist.train.labels),
                          train.make_batch_maker(mnist.test.images, mnist.test.labels),
                          n_batch=50, n_iter=n_iter, n_prt=n_prt, log=log)
    return cae, sess, records


def test_make_batch_maker_samples_pairs_with_replacement():
    imgs = np.arange(20, dtype=np.float32).reshape(10, 2)
    labels = np.arange(10)
    np.random.seed(0)
    batch_x, batch_y = train.make_batch_maker(imgs, labels)(50)
    assert batch_x.shape == (50, 2) and batch_y.shape == (50,)
    np.testing.assert_array_equal(batch_x[:, 0], 2 * batch_y)
    np.random.seed(0)
    np.testing.assert_array_equal(batch_y, np.random.randint(10, size=50))  # the seed's draws


@pytest.fixture(scope='module')
def short_run(mnist):
    lines = []
    cae, sess, records = run_training(mnist, n_iter=500, n_prt=50, log=lines.append)
    yield cae, sess, records, lines
    sess.close()


def test_loss_falls_in_a_short_run(short_run, mnist):
    cae, sess, (loss_record_train, loss_record_test), _ = short_run
    assert len(loss_record_train) == len(loss_record_test) == 11
    assert 0.3 <= loss_record_train[0] <= 1.0          # the seed's step-0 band
    assert loss_record_train[-1] < 0.07 and loss_record_test[-1] < 0.07
    assert loss_record_train[-1] < loss_record_train[0] / 5
    full = train.full_set_loss(sess, cae.x, cae.y, cae.loss, mnist.test.images, mnist.test.labels)
    assert full < 0.07


def test_log_lines_have_the_seeds_format(short_run):
    _, _, (loss_record_train, _), lines = short_run
    assert len(lines) == 11
    assert lines[0].startswith('(   0/500) loss: ')
    assert lines[-1].startswith('( 500/500) loss: ')
    assert float(lines[3].split('loss: ')[1]) == pytest.approx(loss_record_train[3], rel=1e-6)


def test_two_runs_give_identical_records(mnist):
    records = []
    for _ in range(2):
        _, sess, rec = run_training(mnist, n_iter=60, n_prt=20)
        sess.close()
        records.append(rec)
    assert records[0] == records[1]


def test_evaluate_loss_matches_numpy(short_run, mnist):
    cae, sess, _, _ = short_run
    imgs, labels = mnist.test.images[:200], mnist.test.labels[:200]
    reconst = sess.run(cae.reconst, {cae.x: imgs, cae.y: labels})
    assert train.full_set_loss(sess, cae.x, cae.y, cae.loss, imgs, labels) == pytest.approx(
        float(np.mean((imgs - reconst) ** 2)), rel=1e-4)


def test_save_and_restore_give_the_same_model(short_run, mnist, tmp_path):
    cae, sess, _, _ = short_run
    feed_x, feed_y = mnist.test.images[:100], mnist.test.labels[:100]
    expected = sess.run(cae.reconst, {cae.x: feed_x, cae.y: feed_y})
    prefix = train.save_model(sess, cae.weights, cae.biases, str(tmp_path / 'cae'))
    fresh = model.build_cae(seed=99)  # other initial values
    with tf.Session() as sess2:
        train.restore_model(sess2, fresh.weights, fresh.biases, prefix)
        np.testing.assert_array_equal(
            sess2.run(fresh.reconst, {fresh.x: feed_x, fresh.y: feed_y}), expected)
