"""Independent numpy versions of the seed's computations: the grader's and the tests' reference."""
import numpy as np


def dense(h, w, b, activation=True):
    out = h @ w + b
    return np.tanh(out) if activation else out


def encoder(x, W, B, label):
    h = dense(np.concatenate([x, label], 1), W['encoder1'], B['encoder1'])
    h = dense(h, W['encoder2'], B['encoder2'])
    return dense(h, W['latent'], B['latent'], activation=False)


def decoder(latent, W, B, label):
    h = dense(np.concatenate([latent, label], 1), W['decoder2'], B['decoder2'])
    h = dense(h, W['decoder1'], B['decoder1'])
    return dense(h, W['reconst'], B['reconst'], activation=False)


def batch_norm(batch, beta=0.0, gamma=1.0, epsilon=1e-5):
    mean, var = batch.mean(axis=0), batch.var(axis=0)
    return gamma * (batch - mean) / np.sqrt(var + epsilon) + beta


def seed_canvas(decode_one, k, x_values, y_values):
    """The seed's part (10) loop, one point at a time; decode_one(point (1,2), k) -> (1, 784)."""
    nx, ny = len(x_values), len(y_values)
    canvas = np.empty((28 * ny, 28 * nx))
    for i, yi in enumerate(y_values):
        for j, xi in enumerate(x_values):
            canvas[(ny - i - 1) * 28:(ny - i) * 28, j * 28:(j + 1) * 28] = \
                decode_one(np.array([[xi, yi]]), k).reshape(28, 28)
    return canvas
