"""Part (9): one latent point decoded with each of the ten labels."""
import numpy as np

from cae_tf.grading.judge import GRADER, KERNEL, Figures, own_output
from cae_tf.grading.parts.probing import apply_own, session, trained_weights
from cae_tf.handout import part_checks
from cae_tf.solution import reference

NUMBER, POINTS, FIGURES, NEEDS = 9, 5, Figures(2, 10, 2), (3, 4)
PUBLIC_CHECK = part_checks.part9
STATES = {'new_data': 'Choose `new_data`, one latent point of shape (1, 2).',
          'generation': 'Decode it with each label 0–9, in order, into `fake_images` (10 '
                        'images, one per label).',
          'figure': 'The given `plot_latent_point` and `plot_generated` show the point and the '
                    '10 images.'}
SOURCES = {'new_data': KERNEL + ': `new_data`',
           'generation': KERNEL + ': `fake_images`, beside `new_data` decoded by the ' + GRADER
                         + ' with the trained weights (the kernel\'s, where their functions '
                         'differ)', 'figure': GRADER + ': the PNGs shown, decoded'}


def probe(ns, inputs, out):
    out['new_data'] = np.asarray(ns['new_data'], dtype=np.float64)
    if 'fake_images' in ns:  # the hand-out's name; the 2020 notebook drew inside its loop
        images = np.asarray(ns['fake_images'], dtype=np.float64)
        out['fake_images'] = images.reshape(len(images), -1)
    n_label = int(ns['n_label'])
    points, labels = np.repeat(out['new_data'][:1], n_label, axis=0), np.eye(n_label)
    out['generated'] = session(ns).run(ns['reconst'], {ns['latent_input']: points,
                                                       ns['y']: labels})
    W, B = trained_weights(ns)
    out['own_generated'] = apply_own(ns, 'decoder', W, B, points, labels)


def judge(sheet, inputs, ref):
    new_data = sheet.get('new_data')
    shape_ok = new_data is not None and new_data.shape == (1, 2)
    sheet.add('new_data', 1, shape_ok, 'new_data should be one latent point, shape (1, 2)')
    expected = shape_ok and own_output(sheet, inputs, 'own_generated', lambda W, B: (
        reference.decoder(np.repeat(new_data, 10, 0), W, B, np.eye(10))))
    generated = (sheet.get('fake_images') if sheet.get('fake_images') is not None
                 else sheet.get('generated'))
    sheet.add('generation', 2, shape_ok and sheet.close(generated, expected),
              'fake_images should be new_data decoded with each label 0-9, in order')
