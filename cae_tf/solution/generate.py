"""Decoding many latent points in one ``sess.run`` (homework parts (6), (9) and (10)).

The seed ran one ``sess.run`` per image or per manifold point (4000 calls for part (10)); these
helpers stack every point of a figure into one batch, which gives the same images.
"""
import numpy as np


def latent_limits(test_latent):
    """Return ``(xmin, xmax, ymin, ymax)`` of (N, 2) latent codes, as part (7) computes them."""
    return (float(np.min(test_latent[:, 0])), float(np.max(test_latent[:, 0])),
            float(np.min(test_latent[:, 1])), float(np.max(test_latent[:, 1])))


def generate_all_labels(sess, reconst, latent_input, y, new_data, n_label=10):
    """Decode one latent point with every label in one run (part (9)).

    Args:
        reconst: decoder output fed by the ``latent_input`` placeholder.
        new_data: the latent point, (1, n_latent).
    Returns:
        images, (n_label, n_input); row ``k`` is decoded with label ``k``.
    """
    feed = {latent_input: np.repeat(np.asarray(new_data, np.float32), n_label, axis=0),
            y: np.eye(n_label, dtype=np.float32)}
    return sess.run(reconst, feed_dict=feed)


def manifold_grid(x_values, y_values):
    """Return the (ny*nx, 2) latent points of the manifold, row ``i*nx + j`` = (x_j, y_i)."""
    xs, ys = np.meshgrid(x_values, y_values)
    return np.stack([xs.ravel(), ys.ravel()], axis=1).astype(np.float32)


def tile_canvas(images, nx, ny, side=28):
    """Tile (ny*nx, side*side) images into a canvas with y increasing upwards, as the seed did."""
    grid = images.reshape(ny, nx, side, side)[::-1]
    return grid.transpose(0, 2, 1, 3).reshape(ny * side, nx * side)


def decode_all_labels(sess, reconst, latent_input, y, points, n_label=10):
    """Decode every latent point with every label in one run.

    Args:
        points: latent points, (n_points, n_latent).
    Returns:
        images, (n_label, n_points, n_input); ``images[k, i]`` is point ``i`` with label ``k``.
    """
    points = np.asarray(points, np.float32)
    labels = np.repeat(np.eye(n_label, dtype=np.float32), len(points), axis=0)
    images = sess.run(reconst, feed_dict={latent_input: np.tile(points, (n_label, 1)), y: labels})
    return images.reshape(n_label, len(points), -1)


def manifold_canvases(sess, reconst, latent_input, y, x_values, y_values, n_label=10):
    """Decode the manifold grid for every label in one run (part (10)).

    Returns:
        canvases, (n_label, 28*ny, 28*nx); ``canvases[k]`` is the seed's ``canvas`` for digit k.
    """
    images = decode_all_labels(sess, reconst, latent_input, y,
                               manifold_grid(x_values, y_values), n_label)
    return np.stack([tile_canvas(images[k], len(x_values), len(y_values))
                     for k in range(n_label)])


def manifold_canvas(sess, reconst, latent_input, y, x_values, y_values, k, n_label=10):
    """Decode the manifold grid with label ``k`` in one run: the seed's ``canvas`` (part (10)).

    Returns:
        canvas, (28*ny, 28*nx), y increasing upwards.
    """
    points = manifold_grid(x_values, y_values)
    labels = np.repeat(np.eye(n_label, dtype=np.float32)[k:k + 1], len(points), axis=0)
    images = sess.run(reconst, feed_dict={latent_input: points, y: labels})
    return tile_canvas(images, len(x_values), len(y_values))
