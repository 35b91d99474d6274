"""Figures of the staff evaluation (``python -m cae_tf evaluate``), beyond the seed's."""
import matplotlib.pyplot as plt
import numpy as np

from cae_tf.handout.figures import digit_color


def plot_latents_compared(latents, test_y_arg, knn_accuracy):
    """Scatter the test codes of several models side by side, ``{title: (N, 2) codes}``."""
    fig = plt.figure(figsize=(8 * len(latents), 8))
    for i, (title, latent) in enumerate(latents.items()):
        plt.subplot(1, len(latents), i + 1)
        for k in range(10):
            points = latent[test_y_arg == k]
            plt.scatter(points[:, 0], points[:, 1], s=2, color=digit_color(k), label=str(k))
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
    plt.bar(range(len(per_digit)), per_digit, color=[digit_color(k) for k in range(10)])
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
