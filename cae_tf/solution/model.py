"""The Conditional AutoEncoder graph of homework parts (2)–(4), in the seed's TF1 style."""
from types import SimpleNamespace

from cae_tf.handout.compat import tf
from cae_tf.handout.given import reset_graph  # noqa: F401 (re-exported)

# The seed's structure (part (2)) and learning rate (part (4)), kept free of TensorFlow.
from cae_tf.solution.settings import (LAYERS, LR, layer_shapes, n_input, n_label,  # noqa: F401
                                      n_latent)


def make_placeholders(n_input=n_input, n_label=n_label):
    """Return the image and one-hot label placeholders ``x``, ``y`` of part (3)."""
    x = tf.placeholder(tf.float32, [None, n_input])
    y = tf.placeholder(tf.float32, [None, n_label])
    return x, y


def make_weights(stddev=0.1, **sizes):
    """Return the ``weights`` and ``biases`` dicts of part (3), ``random_normal(stddev)`` init.

    Args:
        stddev: standard deviation of every initial value, 0.1 in the seed.
        **sizes: ``n_input``, ``n_encoder1`` … ``n_label`` overriding part (2)'s values.
    Returns:
        ``(weights, biases)``: ``weights[k]`` is (fan_in, fan_out), ``biases[k]`` is (fan_out,).
    """
    shapes = layer_shapes(**sizes)
    weights = {k: tf.Variable(tf.random_normal(list(shapes[k]), stddev=stddev)) for k in LAYERS}
    biases = {k: tf.Variable(tf.random_normal([shapes[k][1]], stddev=stddev)) for k in LAYERS}
    return weights, biases


def batch_norm_flat(batch_flat, epsilon=1e-5):
    """Batch-normalise (N, D) activations over the batch axis (part (3), the seed's fixed).

    The seed passed an undefined ``batch_image`` to ``tf.nn.batch_normalization``; the input
    meant is ``batch_flat``. ``beta`` and ``gamma`` are single trainable scalars, as in the seed.
    """
    beta = tf.Variable(tf.constant(0.0, shape=[1]), trainable=True)
    gamma = tf.Variable(tf.constant(1.0, shape=[1]), trainable=True)
    mean, variance = tf.nn.moments(batch_flat, axes=[0])
    return tf.nn.batch_normalization(batch_flat, mean, variance, beta, gamma, epsilon)


def encoder(x, weights, biases, label):
    """Map images and one-hot labels to latent codes (part (3)).

    Args:
        x: images, (N, n_input).
        label: one-hot labels, (N, n_label), concatenated to ``x``.
    Returns:
        latent codes, (N, n_latent); linear output, tanh hidden layers.
    """
    encoder1 = tf.nn.tanh(tf.add(tf.matmul(tf.concat([x, label], 1), weights['encoder1']),
                                 biases['encoder1']))
    encoder2 = tf.nn.tanh(tf.add(tf.matmul(encoder1, weights['encoder2']), biases['encoder2']))
    return tf.add(tf.matmul(encoder2, weights['latent']), biases['latent'])


def decoder(latent, weights, biases, label):
    """Map latent codes and one-hot labels to images (part (3)).

    Args:
        latent: latent codes, (N, n_latent).
        label: one-hot labels, (N, n_label), concatenated to ``latent``.
    Returns:
        reconstructed images, (N, n_input); linear output, tanh hidden layers.
    """
    decoder2 = tf.nn.tanh(tf.add(tf.matmul(tf.concat([latent, label], 1), weights['decoder2']),
                                 biases['decoder2']))
    decoder1 = tf.nn.tanh(tf.add(tf.matmul(decoder2, weights['decoder1']), biases['decoder1']))
    return tf.add(tf.matmul(decoder1, weights['reconst']), biases['reconst'])


def mse_loss(x, reconst):
    """Return the mean squared reconstruction error of part (4), a scalar."""
    return tf.reduce_mean(tf.square(tf.subtract(x, reconst)))


def make_optimizer(loss, LR=LR):
    """Return the Adam training op of part (4)."""
    return tf.train.AdamOptimizer(LR).minimize(loss)


def build_cae(seed=42, LR=LR, **sizes):
    """Build parts (3)–(4) in a fresh seeded graph, the seed's way, for scripts and tests.

    Returns:
        a namespace with the seed's names: ``x``, ``y``, ``weights``, ``biases``, ``latent``,
        ``reconst``, ``loss``, ``optm``; plus part (9)'s ``latent_input`` and its decoder
        output ``generated``.
    """
    reset_graph(seed)
    x, y = make_placeholders(sizes.get('n_input', n_input), sizes.get('n_label', n_label))
    weights, biases = make_weights(**sizes)
    latent = encoder(x, weights, biases, y)
    reconst = decoder(latent, weights, biases, y)
    loss = mse_loss(x, reconst)
    optm = make_optimizer(loss, LR)
    latent_input = tf.placeholder(tf.float32, [None, sizes.get('n_latent', n_latent)])
    generated = decoder(latent_input, weights, biases, y)
    return SimpleNamespace(x=x, y=y, weights=weights, biases=biases, latent=latent,
                           reconst=reconst, loss=loss, optm=optm, latent_input=latent_input,
                           generated=generated)
