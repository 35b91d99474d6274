"""The CAE graph of parts (2)–(4) against numpy."""
import numpy as np
import pytest

from cae_tf.solution import reference
from cae_tf.solution import model, settings
from cae_tf.handout.compat import tf


@pytest.fixture
def cae():
    model.reset_graph(seed=7)
    x, y = model.make_placeholders()
    weights, biases = model.make_weights()
    latent = model.encoder(x, weights, biases, y)
    reconst = model.decoder(latent, weights, biases, y)
    loss = model.mse_loss(x, reconst)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    yield dict(x=x, y=y, weights=weights, biases=biases, latent=latent, reconst=reconst,
               loss=loss, sess=sess)
    sess.close()


def fixed_batch(n=6, seed=0):
    rng = np.random.RandomState(seed)
    return (rng.rand(n, 784).astype(np.float32),
            np.eye(10, dtype=np.float32)[rng.randint(10, size=n)])


def test_part2_sizes():
    assert settings.SIZES == dict(n_input=784, n_encoder1=500, n_encoder2=300, n_latent=2,
                                  n_decoder2=300, n_decoder1=500, n_label=10)
    assert settings.LR == 0.0001  # the optimizer built with it: test_optimizer_is_adam_...
    assert settings.SCHEDULE == dict(n_batch=50, n_iter=5000, n_prt=250)


def test_weights_and_biases_have_the_seeds_keys_shapes_and_init(cae):
    expected = {'encoder1': [794, 500], 'encoder2': [500, 300], 'latent': [300, 2],
                'decoder2': [12, 300], 'decoder1': [300, 500], 'reconst': [500, 784]}
    assert set(cae['weights']) == set(cae['biases']) == set(expected)
    W, B = cae['sess'].run([cae['weights'], cae['biases']])
    for name, shape in expected.items():
        assert list(W[name].shape) == shape
        assert list(B[name].shape) == shape[1:]
    # random_normal(stddev=0.1): the big matrices' sample statistics say so
    assert abs(W['encoder1'].std() - 0.1) < 0.002 and abs(W['encoder1'].mean()) < 0.002
    assert abs(W['reconst'].std() - 0.1) < 0.002


def test_encoder_decoder_loss_match_numpy(cae):
    sess = cae['sess']
    W, B = sess.run([cae['weights'], cae['biases']])
    batch_x, batch_y = fixed_batch()
    feed = {cae['x']: batch_x, cae['y']: batch_y}
    latent, reconst, loss = sess.run([cae['latent'], cae['reconst'], cae['loss']], feed)
    ref_latent = reference.encoder(batch_x, W, B, batch_y)
    ref_reconst = reference.decoder(ref_latent, W, B, batch_y)
    assert latent.shape == (6, 2) and reconst.shape == (6, 784)
    np.testing.assert_allclose(latent, ref_latent, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(reconst, ref_reconst, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(loss, np.mean((batch_x - ref_reconst) ** 2), rtol=1e-5)


def test_label_changes_the_output(cae):
    batch_x, batch_y = fixed_batch(n=1)
    other = np.roll(batch_y, 1, axis=1)
    a, b = (cae['sess'].run(cae['reconst'], {cae['x']: batch_x, cae['y']: lab})
            for lab in (batch_y, other))
    assert np.abs(a - b).max() > 1e-3


def test_batch_norm_flat_matches_numpy():
    model.reset_graph()
    batch = np.random.RandomState(1).randn(32, 5).astype(np.float32) * 3 + 2
    normed = model.batch_norm_flat(tf.constant(batch))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(normed)
    np.testing.assert_allclose(out, reference.batch_norm(batch), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-5)


def test_optimizer_is_adam_with_the_seeds_rate(cae):
    """Adam's first step moves every parameter with a clear gradient by LR * sign(-gradient)."""
    sess, weights = cae['sess'], cae['weights']
    existing = set(tf.global_variables())
    optm = model.make_optimizer(cae['loss'], model.LR)
    sess.run(tf.variables_initializer([v for v in tf.global_variables() if v not in existing]))
    batch_x, batch_y = fixed_batch()
    feed = {cae['x']: batch_x, cae['y']: batch_y}
    grad = sess.run(tf.gradients(cae['loss'], weights['reconst'])[0], feed)
    before = sess.run(weights['reconst'])
    sess.run(optm, feed)
    step = sess.run(weights['reconst']) - before
    clear = np.abs(grad) > 1e-4
    assert clear.sum() > 1000
    np.testing.assert_allclose(step[clear], -model.LR * np.sign(grad[clear]), rtol=2e-2)


def test_reset_graph_makes_initial_weights_repeat():
    def initial():
        model.reset_graph(seed=3)
        weights, _ = model.make_weights()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return sess.run(weights['latent']), np.random.rand()
    (w1, r1), (w2, r2) = initial(), initial()
    np.testing.assert_array_equal(w1, w2)
    assert r1 == r2
