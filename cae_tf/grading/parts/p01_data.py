"""Part (1): MNIST's sets, named as the notebook names them."""
import numpy as np

from cae_tf.grading.judge import KERNEL
from cae_tf.handout import input_data, part_checks
from cae_tf.handout.checking import data_fingerprint
from cae_tf.handout.part_checks import DATA_NAMES

NUMBER, POINTS = 1, 10
PUBLIC_CHECK = part_checks.part1
_DATA = ('Name MNIST\'s sets as `read_data_sets` gives them (images of 784 values, one-hot labels, '
         'in their order): `train_imgs` and `train_labels` for the training set, `test_imgs` and '
         '`test_labels` for the test set.')
STATES = dict({'%s %s' % (name, kind): _DATA for name in DATA_NAMES
               for kind in ('shape', 'values')},
              **{'n_train, n_test': '`n_train` and `n_test` count the images of each set.'})
# the student's own arrays: only their kernel has them (a copy of MNIST is the answer itself)
SOURCES = dict({check: KERNEL + ': rows drawn afresh of the array, and its shape'
                for check in STATES}, **{'n_train, n_test': KERNEL + ': the two counts'})


def probe(ns, inputs, out):  # DATA_NAMES written out: the kernel has only the probes' scope
    for name in ('train_imgs', 'train_labels', 'test_imgs', 'test_labels'):
        array = np.asarray(ns[name])
        out[name + '.shape'] = np.array(array.shape)
        out[name + '.rows'] = array[inputs['rows1'] % len(array)].astype(np.float64)
    out['n_train'] = np.array(ns['n_train'])
    out['n_test'] = np.array(ns['n_test'])


def judge(sheet, inputs, ref):
    expected = {'train_imgs': ref.train.images, 'train_labels': ref.train.labels,
                'test_imgs': ref.test.images, 'test_labels': ref.test.labels}
    for name, array in expected.items():
        rows = array[inputs['rows1'] % len(array)]
        rows = input_data.to_float(rows) if name.endswith('imgs') else rows
        shape = sheet.get(name + '.shape')
        sheet.add(name + ' shape', 1, shape is not None and tuple(shape) == array.shape,
                  '%s should hold the %s set, one-hot where labels, shape %s'
                  % (name, name.split('_')[0], array.shape))
        sheet.add(name + ' values', 1, sheet.close(sheet.get(name + '.rows'), rows, atol=1e-6),
                  '%s does not hold the MNIST %s set in its original order'
                  % (name, name.split('_')[0]))
    sheet.add('n_train, n_test', 2,
              sheet.get('n_train') == 55000 and sheet.get('n_test') == 10000,
              'n_train and n_test should count the images of each set')


def public_data(given, mnist):
    """The sets' shapes, sums and a few rows' sums, and their counts (no image itself)."""
    expected = {'1.counts': np.array([mnist.train.num_examples, mnist.test.num_examples])}
    for name, array in (('train_imgs', mnist.train.images), ('train_labels', mnist.train.labels),
                        ('test_imgs', mnist.test.images), ('test_labels', mnist.test.labels)):
        (expected['1.%s.shape' % name], expected['1.%s.sum' % name],
         expected['1.%s.rows' % name]) = data_fingerprint(array)
    return expected
