"""Each figure function draws what the seed's cell drew, from the arrays it is given."""
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from cae_tf.handout import figures as given  # noqa: E402
from cae_tf.solution import figures  # noqa: E402

LIMITS = (-2.0, 3.0, -1.0, 4.0)
rng = np.random.RandomState(0)
LATENT = rng.uniform(-1, 2, size=(50, 2))
DIGITS = np.arange(50) % 10


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close('all')


def scatter_points(ax):
    return sum(len(c.get_offsets()) for c in ax.collections)


def test_plot_loss():
    fig = given.plot_loss([0.6, 0.1, 0.05], [0.5, 0.12, 0.06], n_prt=250)
    ax, = fig.axes
    train_line, test_line = ax.get_lines()
    np.testing.assert_array_equal(train_line.get_xdata(), [0, 250, 500])
    np.testing.assert_array_equal(test_line.get_ydata(), [0.5, 0.12, 0.06])
    assert ax.get_ylim() == (0, 0.6)


def test_plot_reconstructions():
    images = rng.rand(10, 784)
    fig = figures.plot_reconstructions(images, 1 - images)
    assert len(fig.axes) == 20
    np.testing.assert_allclose(fig.axes[1].get_images()[0].get_array(),
                               (1 - images[0]).reshape(28, 28))
    assert fig.axes[0].get_title() == 'Input Image'


def test_plot_latent_and_point():
    fig = figures.plot_latent(LATENT, DIGITS, LIMITS)
    ax, = fig.axes
    assert scatter_points(ax) == 50 and len(ax.collections) == 10
    assert ax.get_xlim() == LIMITS[:2] and ax.get_ylim() == LIMITS[2:]
    fig = given.plot_latent_point(LATENT, DIGITS, np.array([[0.5, 1.5]]), LIMITS)
    ax, = fig.axes
    assert scatter_points(ax) == 51
    assert ax.collections[-1].get_offsets().tolist() == [[0.5, 1.5]]


def test_plot_latent_per_digit():
    fig = figures.plot_latent_per_digit(LATENT, DIGITS, LIMITS)
    assert len(fig.axes) == 10
    assert [scatter_points(ax) for ax in fig.axes] == [5] * 10
    assert fig.axes[3].get_title() == '3'


def test_plot_generated_and_manifold():
    fake_images = rng.rand(10, 784)
    fig = given.plot_generated(fake_images)
    assert len(fig.axes) == 10
    np.testing.assert_allclose(fig.axes[9].get_images()[0].get_array(),
                               fake_images[9].reshape(28, 28))
    canvas = rng.rand(560, 560)
    fig = given.plot_manifold(LATENT, DIGITS, 4, canvas, LIMITS)
    scatter_ax, image_ax = fig.axes
    assert scatter_points(scatter_ax) == 5
    np.testing.assert_array_equal(image_ax.get_images()[0].get_array(), canvas)
