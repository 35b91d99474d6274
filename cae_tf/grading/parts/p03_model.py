"""Part (3): the weights, the biases, the encoder and the decoder (and ``batch_norm_flat``)."""
import numpy as np

from cae_tf.grading.judge import KERNEL
from cae_tf.grading.parts.probing import apply_own, given_arrays, run_fresh
from cae_tf.handout import part_checks
from cae_tf.solution import reference
from cae_tf.solution.settings import layer_shapes

NUMBER, POINTS = 3, 20
PUBLIC_CHECK = part_checks.part3
# each function as the notebook writes it, and the input the grader gives it
FUNCTIONS = {'encoder': ('encoder(x, weights, biases, label)', 'X'),
             'decoder': ('decoder(latent, weights, biases, label)', 'Z')}
_LAYERS = ('Write `%s` and `%s`: tanh on the hidden layers, no activation on the outputs.'
           % (FUNCTIONS['encoder'][0], FUNCTIONS['decoder'][0]))
STATES = {
    'weights/biases keys': 'Write `weights` and `biases`: dicts keyed `\'encoder1\'`, '
                           '`\'encoder2\'`, `\'latent\'`, `\'decoder2\'`, `\'decoder1\'`, '
                           '`\'reconst\'`.',
    'weights/biases shapes': '`weights[k]` has the shape (inputs, outputs) of layer `k` and '
                             '`biases[k]` the shape (outputs,); the first layer of the encoder '
                             'and of the decoder takes the label too.',
    'encoder': _LAYERS, 'decoder': _LAYERS,
    'batch_norm_flat (no points)': '`batch_norm_flat` is not used by this model: write '
                                   '`batch_norm_flat(batch_flat)` to normalise its argument over '
                                   'the batch axis'}
# the student's functions run only in their kernel; the grader's inputs are drawn afresh each run
_OWN = KERNEL + ': the student\'s function on inputs and weights drawn afresh'
SOURCES = {'weights/biases keys': KERNEL + ': the dicts\' keys',
           'weights/biases shapes': KERNEL + ': the variables\' shapes',
           'encoder': _OWN, 'decoder': _OWN, 'batch_norm_flat (no points)': _OWN}


def probe(ns, inputs, out):
    weights, biases = ns['weights'], ns['biases']
    out['weights.keys'] = np.array(sorted(weights))
    out['biases.keys'] = np.array(sorted(biases))
    for key in weights:
        out['weights.shape.' + key] = np.array(weights[key].shape.as_list())
    for key in biases:
        out['biases.shape.' + key] = np.array(biases[key].shape.as_list())
    W0, B0 = given_arrays(inputs, 'W0.'), given_arrays(inputs, 'B0.')
    out['encoder'] = apply_own(ns, 'encoder', W0, B0, inputs['X'], inputs['Y'])
    out['decoder'] = apply_own(ns, 'decoder', W0, B0, inputs['Z'], inputs['Y'])
    out['batch_norm_flat'] = run_fresh(lambda tf, fed: ns['batch_norm_flat'](fed(inputs['BN'])))


def _shapes_ok(sheet, shapes):
    def shape(name):
        value = sheet.get(name)
        return None if value is None else tuple(value)
    return all(shape('weights.shape.' + k) == shapes[k] and shape('biases.shape.' + k) ==
               shapes[k][1:] for k in shapes)


def judge(sheet, inputs, ref):
    shapes = layer_shapes()
    sheet.add('weights/biases keys', 2, all(
        list(sheet.get(d + '.keys') if sheet.get(d + '.keys') is not None else []) ==
        sorted(shapes) for d in ('weights', 'biases')),
        'weights and biases need the keys %s' % ', '.join(sorted(shapes)))
    sheet.add('weights/biases shapes', 4, _shapes_ok(sheet, shapes),
              'a layer has the wrong shape; remember the label is concatenated to the input of '
              'the encoder and of the decoder')
    # No check of the initial values: the notebook leaves them to the student (any that trains).
    W0, B0 = given_arrays(inputs, 'W0.'), given_arrays(inputs, 'B0.')
    for name, (signature, given) in FUNCTIONS.items():
        expected = getattr(reference, name)(inputs[given], W0, B0, inputs['Y'])
        sheet.add(name, 7, sheet.close(sheet.get(name), expected),
                  '%s gives wrong values on given weights: check the concatenation, the '
                  'activations (tanh on hidden layers, none on the output)' % signature)
    # Reported, not scored: the model does not use it, and the seed's own version was broken.
    sheet.add('batch_norm_flat (no points)', 0, sheet.close(
        sheet.get('batch_norm_flat'), reference.batch_norm(inputs['BN'])),
        'batch_norm_flat(batch_flat) should normalise its input over the batch axis')


def public_data(given, mnist):
    """The layers' keys and shapes; the reference model's outputs on the public inputs."""
    shapes = layer_shapes()
    expected = {'3.keys': np.array(sorted(shapes))}
    expected.update({'3.shape.' + k: np.array(v) for k, v in shapes.items()})
    expected['3.encoder'] = reference.encoder(given['X'], given['W'], given['B'], given['Y'])
    expected['3.decoder'] = reference.decoder(given['Z'], given['W'], given['B'], given['Y'])
    expected['3.batch_norm_flat'] = reference.batch_norm(given['BN'])
    return expected
