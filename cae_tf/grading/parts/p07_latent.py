"""Part (7): the latent codes of 500 test images, their bounds, and their scatter."""
import numpy as np

from cae_tf.grading.judge import GRADER, KERNEL, Figures, own_output
from cae_tf.grading.parts.probing import apply_own, trained_weights
from cae_tf.handout import part_checks
from cae_tf.solution import reference

NUMBER, POINTS, FIGURES, NEEDS = 7, 10, Figures(1, 1, 2), (3, 4)
PUBLIC_CHECK = part_checks.part7
_CODES = ('Encode the 500 images `test_x` into `test_latent` and their digits into '
          '`test_y_arg`.')
STATES = {'test_latent': _CODES, 'test_y_arg': _CODES,
          'latent limits': 'Put the latent space\'s bounds into `xmin, xmax, ymin, ymax`: the '
                           'smallest and largest code along Z1 and along Z2.',
          'figure': 'Scatter the codes, coloured by digit.'}
SOURCES = {'test_latent': KERNEL + ': `test_latent`, beside the codes the ' + GRADER + ' computes '
                          'of `test_x` with the trained weights (the kernel\'s, where their '
                          'functions differ)',
           'test_y_arg': KERNEL + ': `test_y_arg` and `test_y`',
           'latent limits': KERNEL + ': the four bounds and `test_latent`',
           'figure': GRADER + ': the PNGs shown, decoded'}


def probe(ns, inputs, out):
    for name in ('test_x', 'test_y', 'test_latent', 'test_y_arg'):
        out[name] = np.asarray(ns[name])
    out['limits'] = np.array([ns['xmin'], ns['xmax'], ns['ymin'], ns['ymax']], dtype=np.float64)
    W, B = trained_weights(ns)
    out['own_latent'] = apply_own(ns, 'encoder', W, B, out['test_x'], out['test_y'])


def judge(sheet, inputs, ref):
    test_x, test_y, test_latent = (sheet.get(n) for n in ('test_x', 'test_y', 'test_latent'))
    ok_inputs = test_x is not None and test_x.shape == (500, 784) and test_y is not None
    expected = ok_inputs and own_output(sheet, inputs, 'own_latent',
                                        lambda W, B: reference.encoder(test_x, W, B, test_y))
    sheet.add('test_latent', 5, ok_inputs and sheet.close(test_latent, expected),
              'test_latent should be the latent codes of the 500 test images from the encoder')
    sheet.add('test_y_arg', 1, ok_inputs and sheet.close(sheet.get('test_y_arg'),
                                                         np.argmax(test_y, 1)),
              'test_y_arg should hold the digit of each test image')
    sheet.add('latent limits', 2, test_latent is not None and test_latent.ndim == 2 and
              sheet.close(sheet.get('limits'),
                          [test_latent[:, 0].min(), test_latent[:, 0].max(),
                           test_latent[:, 1].min(), test_latent[:, 1].max()]),
              'xmin, xmax, ymin, ymax should bound the latent codes')
