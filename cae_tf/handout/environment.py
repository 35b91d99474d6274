"""The environment the homework's notebooks run in, in one place (no TensorFlow imported here).

TensorFlow reads these when it loads, so they must be set before: the notebooks' first cell calls
:func:`use_notebook_defaults`, and the test suite, the notebook runner and the grader pass the same
values to the kernels they start.
"""
import os

# TF_CPP_MIN_LOG_LEVEL: TensorFlow's C++ start-up lines differ by machine; keep them out of outputs.
# TF_ENABLE_ONEDNN_OPTS: oneDNN's kernels change the last digits; off, every run gives the same numbers.
NOTEBOOK_ENV = {'TF_CPP_MIN_LOG_LEVEL': '3', 'TF_ENABLE_ONEDNN_OPTS': '0'}


def use_notebook_defaults(environ=os.environ):
    """Set each of :data:`NOTEBOOK_ENV` in ``environ`` unless it is set already."""
    for name, value in NOTEBOOK_ENV.items():
        environ.setdefault(name, value)
