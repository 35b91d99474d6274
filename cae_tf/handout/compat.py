"""TensorFlow's TF1 API, switched to graph mode, as the homework's code expects.

``tf.compat.v1`` is used on purpose: the course teaches placeholders, variables and sessions, and
this project keeps that code running on today's TensorFlow. Import ``tf`` from here so that graph
mode is on before any placeholder is made.
"""
import os
import sys

from cae_tf.handout.environment import (NOTEBOOK_ENV, startup_lines_dropped,
                                      untested_tensorflow_notice)

# extra code – TensorFlow's C++ start-up lines differ by machine; keep them out of outputs (some
# are written before TensorFlow reads the variable: those are dropped as it loads).
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', NOTEBOOK_ENV['TF_CPP_MIN_LOG_LEVEL'])

with startup_lines_dropped():
    import tensorflow.compat.v1 as tf

# extra code – silences the deprecation notices tf.compat.v1 prints for the TF1 calls it serves.
tf.get_logger().setLevel('ERROR')
tf.disable_v2_behavior()

_NOTICE = untested_tensorflow_notice(tf.__version__)
if _NOTICE:
    print(_NOTICE, file=sys.stderr)

__all__ = ['tf']
