"""Figures of homework parts (5)–(10), each returned as a matplotlib figure.

Each function draws what the seed's cell drew, from arrays it is given; none runs the model.
"""
import matplotlib.pyplot as plt
import numpy as np


def _digit_color(k):
    return plt.rcParams['axes.prop_cycle'].by_key()['color'][k % 10]


def _scatter_digits(ax, test_latent, test_y_arg, digits=range(10), color=False):
    for i in digits:
        ax.scatter(test_latent[test_y_arg == i, 0], test_latent[test_y_arg == i, 1],
                   label=str(i), marker=i, color=_digit_color(i) if color else None)


def plot_loss(loss_record_train, loss_record_test, n_prt):
    """Plot training and testing loss against iteration (part (5))."""
    fig = plt.figure(figsize=(10, 8))
    plt.plot(np.arange(len(loss_record_train)) * n_prt, loss_record_train, label='training')
    plt.plot(np.arange(len(loss_record_test)) * n_prt, loss_record_test, label='testing')
    plt.xlabel('iteration', fontsize=15)
    plt.ylabel('loss', fontsize=15)
    plt.legend(fontsize=12)
    plt.ylim([0, np.max(loss_record_train)])
    return fig


def plot_reconstructions(test_x, x_reconst):
    """Show each input image beside its reconstruction, up to 10 pairs (part (6)).

    Args:
        test_x, x_reconst: (N, 784) images, N <= 10.
    """
    fig = plt.figure(figsize=(10, 12))
    for i in range(len(test_x)):
        for col, (image, title) in enumerate(((test_x[i], 'Input Image'),
                                              (x_reconst[i], 'Reconstructed Image'))):
            plt.subplot(5, 4, 2 * i + 1 + col)
            plt.imshow(image.reshape(28, 28), 'gray')
            plt.title(title)
            plt.axis('off')
    return fig


def plot_latent(test_latent, test_y_arg, limits):
    """Scatter latent codes of all digits with the seed's markers (part (7)).

    Args:
        test_latent: (N, 2) latent codes; test_y_arg: (N,) digits.
        limits: ``(xmin, xmax, ymin, ymax)`` of the axes.
    """
    fig = plt.figure(figsize=(10, 10))
    _scatter_digits(plt.gca(), test_latent, test_y_arg)
    _latent_axes(limits, 'Latent Space')
    plt.legend(fontsize=15)
    return fig


def _latent_axes(limits, title):
    plt.title(title, fontsize=15)
    plt.xlabel('Z1', fontsize=15)
    plt.ylabel('Z2', fontsize=15)
    plt.xlim(limits[:2])
    plt.ylim(limits[2:])


def plot_latent_per_digit(test_latent, test_y_arg, limits):
    """Scatter the latent codes of each digit in its own panel (part (8))."""
    fig = plt.figure(figsize=(18, 24))
    plt.suptitle('Latent Space (for each digit)', fontsize=20)
    for i in range(10):
        plt.subplot(4, 3, i + 1)
        _scatter_digits(plt.gca(), test_latent, test_y_arg, [i], color=True)
        plt.title(i, fontsize=15)
        plt.xlim(limits[:2])
        plt.ylim(limits[2:])
    plt.xlabel('Z1', fontsize=15)
    plt.ylabel('Z2', fontsize=15)
    return fig


def plot_latent_point(test_latent, test_y_arg, new_data, limits):
    """Mark the latent point ``new_data`` (1, 2) on the latent scatter (part (9))."""
    fig = plt.figure(figsize=(10, 10))
    _scatter_digits(plt.gca(), test_latent, test_y_arg)
    plt.axvline(x=new_data[0, 0], c='r', alpha=0.2)
    plt.axhline(y=new_data[0, 1], c='r', alpha=0.2)
    plt.scatter(new_data[0, 0], new_data[0, 1], marker='x', c='k', s=100, label='new data')
    _latent_axes(limits, 'Latent Space')
    plt.legend(fontsize=15)
    return fig


def plot_generated(fake_images):
    """Show the images decoded from one latent point with labels 0–9 (part (9))."""
    fig = plt.figure(figsize=(18, 8))
    for i, image in enumerate(fake_images):
        plt.subplot(2, 5, i + 1)
        plt.imshow(image.reshape(28, 28), 'gray')
        plt.xticks([])
        plt.yticks([])
    plt.tight_layout()
    return fig


def plot_manifold(test_latent, test_y_arg, k, canvas, limits):
    """Show digit ``k``'s latent codes beside its decoded manifold ``canvas`` (part (10))."""
    fig = plt.figure(figsize=(16, 8))
    plt.subplot(1, 2, 1)
    _scatter_digits(plt.gca(), test_latent, test_y_arg, [k], color=True)
    _latent_axes(limits, 'Latent Space')
    plt.legend(fontsize=12)
    plt.subplot(1, 2, 2)
    plt.imshow(canvas, 'gray')
    plt.title('Manifold', fontsize=15)
    plt.xlabel('Z1', fontsize=15)
    plt.ylabel('Z2', fontsize=15)
    plt.xticks([])
    plt.yticks([])
    plt.tight_layout()
    return fig


# Evaluation figures (cae_tf.evaluate), beyond the seed's.

def plot_latents_compared(latents, test_y_arg, knn_accuracy):
    """Scatter the test codes of several models side by side, ``{title: (N, 2) codes}``."""
    fig = plt.figure(figsize=(8 * len(latents), 8))
    for i, (title, latent) in enumerate(latents.items()):
        plt.subplot(1, len(latents), i + 1)
        for k in range(10):
            points = latent[test_y_arg == k]
            plt.scatter(points[:, 0], points[:, 1], s=2, color=_digit_color(k), label=str(k))
        plt.title('%s: %.2f digit accuracy from the code (k-NN)' % (title, knn_accuracy[title]),
                  fontsize=13)
        plt.xlabel('Z1', fontsize=13)
        plt.ylabel('Z2', fontsize=13)
        plt.legend(markerscale=5, fontsize=10)
    plt.tight_layout()
    return fig


def plot_conditional_accuracy(per_digit, overall, real_accuracy):
    """Bar per requested digit: share of generated images read as that digit."""
    fig = plt.figure(figsize=(10, 5))
    plt.bar(range(len(per_digit)), per_digit, color=[_digit_color(k) for k in range(10)])
    plt.axhline(overall, color='k', label='all digits: %.3f' % overall)
    plt.axhline(real_accuracy, color='k', ls='--',
                label='classifier on real test digits: %.3f' % real_accuracy)
    plt.axhline(0.1, color='grey', ls=':', label='chance: 0.1')
    plt.xticks(range(len(per_digit)))
    plt.xlabel('requested digit', fontsize=13)
    plt.ylabel('share read as requested', fontsize=13)
    plt.ylim([0, 1.05])
    plt.legend(loc='lower right')
    return fig


def plot_style_grid(images, slant):
    """Images decoded from a few latent points (rows) with every label (columns), slant on top.

    Args:
        images: (n_label, n_points, 784); slant: (n_label, n_points).
    """
    n_label, n_points = images.shape[:2]
    fig = plt.figure(figsize=(n_label * 1.2, n_points * 1.4))
    for i in range(n_points):
        for k in range(n_label):
            plt.subplot(n_points, n_label, i * n_label + k + 1)
            plt.imshow(np.clip(images[k, i].reshape(28, 28), 0, 1), 'gray')
            plt.title('%+.2f' % slant[k, i], fontsize=8)
            plt.axis('off')
    plt.suptitle('one latent point per row, labels 0-9; slant above each image')
    plt.tight_layout()
    return fig
