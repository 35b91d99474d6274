"""Numbers for what parts (7), (9) and (10) ask students to judge by eye; numpy only.

* :func:`conditional_accuracy`: of the images generated for label k, the share a classifier
  reads as k, per digit and overall.
* :func:`slant` and :func:`thickness`: two handwriting-style features from image moments
  (slant: the shear of the ink, as used to deskew MNIST; thickness: twice the ink area over the
  ink outline's length, which is the stroke width of a long stroke).
* :func:`style_consistency`: how much less a style feature varies across the 10 labels at one
  latent point than across the same labels at two random latent points (0: the same style for
  every label; 1: no more alike than random points).
* :func:`knn_accuracy`: how well the digit can be told from a 2-D latent code by its nearest
  neighbours (separability of the latent space).
"""
import numpy as np

SIDE = 28


def _as_images(images):
    images = np.asarray(images, np.float64)
    return np.clip(images.reshape(-1, SIDE, SIDE), 0.0, 1.0)


def _digits(labels):
    labels = np.asarray(labels)
    return labels.argmax(-1) if labels.ndim == 2 else labels.astype(int)


def conditional_accuracy(predicted, requested, n_label=10):
    """Return ``(per_digit, overall)``: for each requested label k, the share predicted as k.

    Args:
        predicted: the digit a classifier reads in each image, ``(N,)``.
        requested: the label each image was generated for, ``(N,)`` ints or one-hot rows.
    Returns:
        ``per_digit`` ``(n_label,)`` (nan for a label never requested) and ``overall``, the
        mean over all images.
    """
    predicted, requested = np.asarray(predicted).astype(int), _digits(requested)
    if predicted.shape != requested.shape:
        raise ValueError('predicted %s and requested %s differ in shape'
                         % (predicted.shape, requested.shape))
    hit = predicted == requested
    per_digit = np.array([hit[requested == k].mean() if np.any(requested == k) else np.nan
                          for k in range(n_label)])
    return per_digit, float(hit.mean())


def _moments(images):
    """Return ink mass, centroid and central second moments ``mu11``, ``mu02`` per image."""
    images = _as_images(images)
    rows, cols = np.mgrid[0:SIDE, 0:SIDE].astype(np.float64)
    mass = images.sum((1, 2))
    safe = np.where(mass > 0, mass, 1.0)
    y_bar = (images * rows).sum((1, 2)) / safe
    x_bar = (images * cols).sum((1, 2)) / safe
    dy = rows[None] - y_bar[:, None, None]
    dx = cols[None] - x_bar[:, None, None]
    mu11 = (images * dx * dy).sum((1, 2)) / safe
    mu02 = (images * dy * dy).sum((1, 2)) / safe
    return mass, mu11, mu02


def slant(images):
    """Return each image's slant ``-mu11 / mu02``: columns moved right per row upwards.

    0 for upright ink, positive when the top leans right (an italic stroke); nan for an empty
    image. A vertical stroke sheared by ``s`` (x shifted by ``s`` per row up) has slant ``s``.
    """
    mass, mu11, mu02 = _moments(images)
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where((mass > 0) & (mu02 > 0), -mu11 / mu02, np.nan)


def thickness(images, threshold=0.5):
    """Return each image's stroke thickness ``2 * area / outline`` in pixels (nan if no ink).

    ``area`` counts pixels above ``threshold``; ``outline`` counts their edges that border a
    pixel below it (4-neighbours, the frame counts as empty). A w x L bar gives ``wL / (w + L)``,
    close to ``w`` for a long stroke.
    """
    ink = _as_images(images) > threshold
    padded = np.pad(ink, ((0, 0), (1, 1), (1, 1)))
    outline = (np.abs(np.diff(padded.astype(np.int8), axis=1)).sum((1, 2))
               + np.abs(np.diff(padded.astype(np.int8), axis=2)).sum((1, 2)))
    area = ink.sum((1, 2))
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where(area > 0, 2.0 * area / outline, np.nan)


def style_features(images):
    """Return ``{'slant': (N,), 'thickness': (N,)}``."""
    return {'slant': slant(images), 'thickness': thickness(images)}


def style_consistency(feature, seed=0):
    """Compare a style feature across labels at one latent point with random pairs of points.

    Args:
        feature: ``(n_points, n_label)``, the feature of the image decoded from latent point i
            with label k.
    Returns:
        ``(same_point, random_pairs, ratio)``: the mean absolute difference of the feature over
        every pair of labels ``k < l`` at one point; the same over the same label pairs with the
        second image from another, random point; and ``same_point / random_pairs``. Pairs with a
        nan are left out.
    """
    feature = np.asarray(feature, np.float64)
    n_points, n_label = feature.shape
    if n_points < 2:
        raise ValueError('style_consistency needs at least 2 latent points, got %d' % n_points)
    rng = np.random.RandomState(seed)
    other = (np.arange(n_points) + rng.randint(1, n_points, size=n_points)) % n_points
    k, l = np.triu_indices(n_label, 1)
    same = np.abs(feature[:, k] - feature[:, l])
    random = np.abs(feature[:, k] - feature[other][:, l])
    same_point, random_pairs = float(np.nanmean(same)), float(np.nanmean(random))
    return same_point, random_pairs, same_point / random_pairs


def knn_accuracy(train_latent, train_digits, test_latent, test_digits, k=10, chunk=1000):
    """Return the share of test codes whose ``k`` nearest training codes vote their digit.

    Euclidean distance; a tie in the vote goes to the smallest digit. Digits are ints or one-hot.
    """
    train_latent = np.asarray(train_latent, np.float64)
    test_latent = np.asarray(test_latent, np.float64)
    train_digits, test_digits = _digits(train_digits), _digits(test_digits)
    if not 1 <= k <= len(train_latent):
        raise ValueError('k must be between 1 and %d, got %d' % (len(train_latent), k))
    n_class = int(max(train_digits.max(), test_digits.max())) + 1
    hits = 0
    for start in range(0, len(test_latent), chunk):
        block = test_latent[start:start + chunk]
        distance = ((block[:, None, :] - train_latent[None, :, :]) ** 2).sum(-1)
        nearest = np.argpartition(distance, k - 1, axis=1)[:, :k]
        votes = np.zeros((len(block), n_class))
        np.add.at(votes, (np.arange(len(block))[:, None], train_digits[nearest]), 1)
        hits += int((votes.argmax(1) == test_digits[start:start + chunk]).sum())
    return hits / len(test_latent)
