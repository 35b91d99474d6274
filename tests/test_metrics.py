"""cae_tf.evaluation.metrics on cases whose answer is known: drawn strokes, planted labels, clusters."""
import numpy as np
import pytest

from cae_tf.evaluation import metrics


def bar(width, length=20, shear=0.0, side=28):
    """A vertical stroke ``width`` x ``length`` centred in the image, sheared by ``shear``
    columns per row upwards (drawn row by row, so rows stay whole pixels)."""
    image = np.zeros((side, side))
    top = (side - length) // 2
    centre = top + (length - 1) / 2
    for row in range(top, top + length):
        left = int(round((side - width) / 2 + shear * (centre - row)))
        image[row, left:left + width] = 1.0
    return image.reshape(-1)


def test_conditional_accuracy_counts_per_requested_label():
    requested = np.array([0, 0, 0, 0, 1, 1, 2, 2])
    predicted = np.array([0, 0, 0, 5, 1, 0, 7, 7])
    per_digit, overall = metrics.conditional_accuracy(predicted, requested, n_label=3)
    np.testing.assert_allclose(per_digit, [0.75, 0.5, 0.0])
    assert overall == pytest.approx(4 / 8)
    one_hot = np.eye(3)[requested]
    assert metrics.conditional_accuracy(predicted, one_hot, n_label=3)[1] == overall


def test_conditional_accuracy_of_a_label_blind_generator_is_exactly_chance():
    # Each latent point gives one image whatever the label asked for: the classifier's one
    # reading of it matches exactly one of the 10 requests.
    rng = np.random.RandomState(0)
    reading = rng.randint(10, size=300)                  # the digit read at each point
    predicted = np.repeat(reading, 10)
    requested = np.tile(np.arange(10), 300)
    assert metrics.conditional_accuracy(predicted, requested)[1] == pytest.approx(0.1)


def test_conditional_accuracy_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match='shape'):
        metrics.conditional_accuracy(np.zeros(3), np.zeros(4))


@pytest.mark.parametrize('shear', [-0.4, -0.2, 0.0, 0.25, 0.5])
def test_slant_recovers_the_shear_of_a_stroke(shear):
    # Rounding each row to whole pixels costs a little: within 0.03 of the true shear.
    assert metrics.slant(bar(3, shear=shear)[None])[0] == pytest.approx(shear, abs=0.03)


@pytest.mark.parametrize('width', [1, 2, 3, 4, 6])
def test_thickness_of_an_upright_bar_is_wl_over_w_plus_l(width):
    assert metrics.thickness(bar(width)[None])[0] == pytest.approx(width * 20 / (width + 20))


def test_features_of_an_empty_image_are_nan_not_an_error():
    assert np.isnan(metrics.slant(np.zeros((1, 784)))[0])
    assert np.isnan(metrics.thickness(np.zeros((1, 784)))[0])


def test_slant_against_an_independent_moment_computation():
    rng = np.random.RandomState(1)
    image = rng.rand(784) ** 4
    grid = image.reshape(28, 28)
    ys, xs = np.nonzero(grid >= 0)
    w = grid[ys, xs]
    cov = np.cov(np.stack([xs, ys]), aweights=w, bias=True)
    assert metrics.slant(image[None])[0] == pytest.approx(-cov[0, 1] / cov[1, 1])


def test_style_consistency_zero_when_style_depends_only_on_the_point():
    feature = np.repeat(np.linspace(-1, 1, 50)[:, None], 10, axis=1)
    same, random, ratio = metrics.style_consistency(feature)
    assert same == 0.0 and random > 0.3 and ratio == 0.0


def test_style_consistency_one_when_the_point_does_not_matter():
    rng = np.random.RandomState(2)
    feature = rng.randn(4000, 10)                        # independent of the point
    same, random, ratio = metrics.style_consistency(feature)
    assert same == pytest.approx(2 / np.sqrt(np.pi), rel=0.03)   # E|a - b|, a, b ~ N(0, 1)
    assert ratio == pytest.approx(1.0, abs=0.03)


def test_style_consistency_of_sheared_strokes_at_a_shared_slant():
    # 10 "labels" = stroke widths; each point has its own shear: slant is consistent across
    # labels, thickness is not a property of the point at all.
    shears = np.linspace(-0.4, 0.4, 9)
    images = np.array([[bar(w, shear=s) for w in range(1, 11)] for s in shears])
    features = metrics.style_features(images.reshape(-1, 784))
    slant_ratio = metrics.style_consistency(features['slant'].reshape(9, 10))[2]
    thick_ratio = metrics.style_consistency(features['thickness'].reshape(9, 10))[2]
    assert slant_ratio < 0.15
    assert thick_ratio > 0.7


def test_knn_accuracy_one_on_separate_clusters_and_chance_on_noise():
    rng = np.random.RandomState(3)
    centres = np.array([[10.0 * k, 0.0] for k in range(10)])
    train_digits, test_digits = rng.randint(10, size=2000), rng.randint(10, size=500)
    train = centres[train_digits] + rng.randn(2000, 2)
    test = centres[test_digits] + rng.randn(500, 2)
    assert metrics.knn_accuracy(train, train_digits, test, test_digits, chunk=128) == 1.0
    shuffled = rng.permutation(train_digits)
    assert metrics.knn_accuracy(train, shuffled, test, test_digits) == pytest.approx(0.1, abs=0.05)


def test_knn_accuracy_against_a_brute_force_vote():
    rng = np.random.RandomState(4)
    train, test = rng.randn(300, 2), rng.randn(40, 2)
    train_digits, test_digits = rng.randint(3, size=300), rng.randint(3, size=40)
    expected = []
    for point in test:
        order = np.argsort(((train - point) ** 2).sum(1), kind='stable')[:5]
        expected.append(np.bincount(train_digits[order], minlength=3).argmax())
    hits = np.mean(np.array(expected) == test_digits)
    assert metrics.knn_accuracy(train, train_digits, test, test_digits, k=5, chunk=7) == hits
    with pytest.raises(ValueError, match='k must be'):
        metrics.knn_accuracy(train, train_digits, test, test_digits, k=0)
