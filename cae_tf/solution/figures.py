"""Figures that answer homework parts (6)–(8), each returned as a matplotlib figure (staff only)."""
import matplotlib.pyplot as plt

from cae_tf.handout.figures import latent_axes, scatter_digits


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
    scatter_digits(plt.gca(), test_latent, test_y_arg)
    latent_axes(limits, 'Latent Space')
    plt.legend(fontsize=15)
    return fig


def plot_latent_per_digit(test_latent, test_y_arg, limits):
    """Scatter the latent codes of each digit in its own panel (part (8))."""
    fig = plt.figure(figsize=(18, 24))
    plt.suptitle('Latent Space (for each digit)', fontsize=20)
    for i in range(10):
        plt.subplot(4, 3, i + 1)
        scatter_digits(plt.gca(), test_latent, test_y_arg, [i], color=True)
        plt.title(i, fontsize=15)
        plt.xlim(limits[:2])
        plt.ylim(limits[2:])
    plt.xlabel('Z1', fontsize=15)
    plt.ylabel('Z2', fontsize=15)
    return fig
