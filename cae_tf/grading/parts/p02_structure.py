"""Part (2): the CAE's structure, its sizes."""
import numpy as np

from cae_tf.grading.judge import KERNEL
from cae_tf.handout import part_checks
from cae_tf.solution.settings import SIZES

NUMBER, POINTS = 2, 5
PUBLIC_CHECK = part_checks.part2
_SIZES = ('The structure: `n_input` = 28 × 28 pixels in, `n_encoder1` = 500 and `n_encoder2` = '
          '300 hidden units in the encoder, `n_latent` = 2 latent features, `n_decoder2` = 300 and '
          '`n_decoder1` = 500 hidden units in the decoder, and `n_label` = 10 labels.')
STATES = {name: _SIZES for name in SIZES}
SOURCES = {name: KERNEL + ': the size, an integer' for name in SIZES}


def probe(ns, inputs, out):
    for name in ('n_input', 'n_encoder1', 'n_encoder2', 'n_latent', 'n_decoder2', 'n_decoder1',
                 'n_label'):
        out[name] = np.array(ns[name])


def judge(sheet, inputs, ref):
    for name, size in SIZES.items():
        sheet.add(name, 5 / 7, sheet.get(name) == size,
                  '%s does not match the structure stated in part (2)' % name)


def public_data(given, mnist):
    return {'2.' + k: np.array(v) for k, v in SIZES.items()}
