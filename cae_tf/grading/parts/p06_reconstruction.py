"""Part (6): ten test images reconstructed, each shown beside its original."""
import numpy as np

from cae_tf.grading.judge import GRADER, KERNEL, Figures
from cae_tf.handout import part_checks

NUMBER, POINTS, FIGURES = 6, 5, Figures(1, 20, 3)
PUBLIC_CHECK = part_checks.part6
_SHOWN = ('Reconstruct the 10 images `test_x` into `x_reconst` and show each beside its '
          'original.')
STATES = {'x_reconst': _SHOWN, 'figure': _SHOWN}
SOURCES = {'x_reconst': KERNEL + ': `x_reconst`', 'figure': GRADER + ': the PNGs shown, decoded'}


def probe(ns, inputs, out):
    out['x_reconst'] = np.asarray(ns['x_reconst'], dtype=np.float64)


def judge(sheet, inputs, ref):
    x_reconst = sheet.get('x_reconst')
    sheet.add('x_reconst', 2, x_reconst is not None and x_reconst.ndim == 2 and
              x_reconst.shape[1] == 784 and np.isfinite(x_reconst).all(),
              'x_reconst should hold reconstructed images, 784 values each')
