"""Figures of the code the homework gives (parts (5), (9), (10)), each returned as a figure.

Each draws what the seed's given cell drew, from arrays it is given; none runs the model and
none computes what a blank of the homework asks for.
"""
import matplotlib.pyplot as plt
import numpy as np


def digit_color(k):
    return plt.rcParams['axes.prop_cycle'].by_key()['color'][k % 10]


def scatter_digits(ax, test_latent, test_y_arg, digits=range(10), color=False):
    for i in digits:
        ax.scatter(test_latent[test_y_arg == i, 0], test_latent[test_y_arg == i, 1],
                   label=str(i), marker=i, color=digit_color(i) if color else None)


def latent_axes(limits, title):
    plt.title(title, fontsize=15)
    plt.xlabel('Z1', fontsize=15)
    plt.ylabel('Z2', fontsize=15)
    plt.xlim(limits[:2])
    plt.ylim(limits[2:])


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


def plot_latent_point(test_latent, test_y_arg, new_data, limits):
    """Mark the latent point ``new_data`` (1, 2) on the latent scatter (part (9))."""
    fig = plt.figure(figsize=(10, 10))
    scatter_digits(plt.gca(), test_latent, test_y_arg)
    plt.axvline(x=new_data[0, 0], c='r', alpha=0.2)
    plt.axhline(y=new_data[0, 1], c='r', alpha=0.2)
    plt.scatter(new_data[0, 0], new_data[0, 1], marker='x', c='k', s=100, label='new data')
    latent_axes(limits, 'Latent Space')
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
    scatter_digits(plt.gca(), test_latent, test_y_arg, [k], color=True)
    latent_axes(limits, 'Latent Space')
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
