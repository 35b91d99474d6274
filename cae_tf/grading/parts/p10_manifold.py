"""Part (10): each digit's manifold, decoded over a grid of the latent space."""
import numpy as np

from cae_tf.grading.judge import GRADER, KERNEL, Figures, own_output
from cae_tf.grading.parts.probing import apply_own, trained_weights
from cae_tf.handout import part_checks
from cae_tf.solution import reference

NUMBER, POINTS, FIGURES, NEEDS = 10, 10, Figures(10, 20, 5), (3, 4)
PUBLIC_CHECK = part_checks.part10
STATES = {'canvas': 'For each digit `k`, fill `canvas` with the images decoded over the grid '
                    '`x_values` × `y_values`: the tile of `(x_values[j], y_values[i])` at column '
                    '`j`, with `y_values` increasing upwards.',
          'figure': 'The given `plot_manifold` shows each digit\'s canvas: ten figures.'}
SOURCES = {'canvas': KERNEL + ': `canvas` and the grid, beside the grid decoded by the ' + GRADER
                     + ' with the trained weights (the kernel\'s, where their functions differ)',
           'figure': GRADER + ': the PNGs shown, decoded'}
MAX_GRID = 2500  # points of the grid decoded here (the notebook's is 20 x 20)


def probe(ns, inputs, out):
    out['canvas'] = np.asarray(ns['canvas'], dtype=np.float64)
    xs = out['x_values'] = np.asarray(ns['x_values'], dtype=np.float64)
    ys = out['y_values'] = np.asarray(ns['y_values'], dtype=np.float64)
    # the student's own decoder over the grid, last digit, point (xs[j], ys[i]) at row i * nx + j
    points = np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2)
    W, B = trained_weights(ns)
    out['own_grid'] = apply_own(ns, 'decoder', W, B, points, np.eye(10)[[9] * len(points)])


def _expected(sheet, inputs, xs, ys):
    """The last digit's canvas over the student's grid, from their own decoder, or None."""
    if xs is None or ys is None or not xs.ndim == ys.ndim == 1 or len(xs) * len(ys) > MAX_GRID:
        return None
    points = np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2)
    grid = own_output(sheet, inputs, 'own_grid', lambda W, B: reference.decoder(
        points, W, B, np.eye(10)[[9] * len(points)]))
    if grid is None or grid.shape != (len(points), 784):
        return None
    return reference.seed_canvas(
        lambda point, k: grid[np.flatnonzero((points == point).all(1))[0]], 9, xs, ys)


def judge(sheet, inputs, ref):
    expected = _expected(sheet, inputs, sheet.get('x_values'), sheet.get('y_values'))
    sheet.add('canvas', 5, expected is not None and sheet.close(sheet.get('canvas'), expected),
              'canvas should hold the manifold of the last digit, decoded over x_values and '
              'y_values with y increasing upwards')
