"""The CAE homework (POSTECH HW06) on today's TensorFlow; students' part: :mod:`cae_tf.handout`.

``from cae_tf import input_data`` is the drop-in for TF1's
``tensorflow.examples.tutorials.mnist.input_data`` (it is :mod:`cae_tf.handout.input_data`), in
the staff install and in the students' hand-out alike: the hand-out's ``cae_tf/__init__.py`` is a
copy of this file. Loaded on first use, so ``import cae_tf`` costs nothing.
"""

DROP_INS = {'input_data': 'cae_tf.handout.input_data'}


def __getattr__(name):
    if name in DROP_INS:
        import importlib
        return importlib.import_module(DROP_INS[name])
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
