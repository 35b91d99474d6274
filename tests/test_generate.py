"""One-run generation of parts (9)–(10) against the seed's per-point loop in numpy."""
import numpy as np
import pytest

from cae_tf.solution import reference
from cae_tf.solution import generate, model
from cae_tf.handout.compat import tf


@pytest.fixture(scope='module')
def decoder_setup():
    cae = model.build_cae(seed=5)
    sess = tf.Session(graph=cae.x.graph)
    sess.run(tf.global_variables_initializer())
    W, B = sess.run([cae.weights, cae.biases])
    yield cae, sess, W, B
    sess.close()


def test_latent_limits():
    codes = np.array([[1.0, -2.0], [3.0, 5.0], [-1.0, 0.0]])
    assert generate.latent_limits(codes) == (-1.0, 3.0, -2.0, 5.0)


def test_generate_all_labels_matches_numpy(decoder_setup):
    cae, sess, W, B = decoder_setup
    new_data = np.array([[0.5, -1.5]])
    images = generate.generate_all_labels(sess, cae.generated, cae.latent_input, cae.y, new_data)
    assert images.shape == (10, 784)
    for k in range(10):
        expected = reference.decoder(new_data, W, B, np.eye(10)[k:k + 1])
        np.testing.assert_allclose(images[k:k + 1], expected, rtol=1e-4, atol=1e-5)


def test_manifold_canvases_match_the_seeds_loop(decoder_setup):
    cae, sess, W, B = decoder_setup
    x_values, y_values = np.linspace(-3, 2, 4), np.linspace(-1, 4, 3)  # nx != ny on purpose
    canvases = generate.manifold_canvases(sess, cae.generated, cae.latent_input, cae.y,
                                          x_values, y_values)
    assert canvases.shape == (10, 28 * 3, 28 * 4)
    for k in (0, 7):
        expected = reference.seed_canvas(
            lambda point, k: reference.decoder(point, W, B, np.eye(10)[k:k + 1]),
            k, x_values, y_values)
        np.testing.assert_allclose(canvases[k], expected, rtol=1e-4, atol=1e-5)


def test_tile_canvas_puts_low_y_at_the_bottom():
    images = np.arange(6, dtype=float).repeat(4).reshape(6, 4)  # 2x2 "images", value = index
    canvas = generate.tile_canvas(images, nx=3, ny=2, side=2)
    assert canvas[0, 0] == 3 and canvas[0, 5] == 5   # top row: y_values[1]
    assert canvas[3, 0] == 0 and canvas[3, 5] == 2   # bottom row: y_values[0]
