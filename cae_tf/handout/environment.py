"""The environment the homework's notebooks run in, in one place (no TensorFlow imported here).

TensorFlow reads these when it loads, so they must be set before: the notebooks' first cell calls
:func:`use_notebook_defaults`, and the test suite, the notebook runner and the grader pass the same
values to the kernels they start.
"""
import contextlib
import os
import re
import sys
import tempfile

# TF_CPP_MIN_LOG_LEVEL: TensorFlow's C++ start-up lines differ by machine; keep them out of outputs.
# TF_ENABLE_ONEDNN_OPTS: oneDNN's kernels change the last digits; off, every run gives the same numbers.
NOTEBOOK_ENV = {'TF_CPP_MIN_LOG_LEVEL': '3', 'TF_ENABLE_ONEDNN_OPTS': '0'}


def use_notebook_defaults(environ=os.environ):
    """Set each of :data:`NOTEBOOK_ENV` in ``environ`` unless it is set already."""
    for name, value in NOTEBOOK_ENV.items():
        environ.setdefault(name, value)


# What TensorFlow's C++ side writes to the process's stderr while it loads, before it reads
# TF_CPP_MIN_LOG_LEVEL (TensorFlow 2.21 on a machine without a GPU): harmless, and shown in a
# notebook as a red block. Any other line is kept.
STARTUP_LINES = re.compile(
    r'All log messages before absl::InitializeLog\(\) is called are written to STDERR'
    r'|Could not find cuda drivers on your machine'
    r'|Unable to register cu(DNN|FFT|BLAS) factory'
    r'|cpu_feature_guard\.cc:\d+\] This TensorFlow binary is optimized'
    r'|^To enable the following instructions: .*rebuild TensorFlow'
    r'|oneDNN custom operations are on')


@contextlib.contextmanager
def startup_lines_dropped(stream=None):
    """While TensorFlow loads: send what is written to file descriptor 2 (C++ code writes there,
    below Python) to a temporary file; afterwards write every line but :data:`STARTUP_LINES`
    to ``stream`` (``sys.stderr``, which a notebook shows)."""
    stream = stream or sys.stderr
    stream.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            log.seek(0)
            kept = [line for line in log.read().decode('utf-8', 'replace').splitlines(True)
                    if not STARTUP_LINES.search(line)]
            if kept:
                stream.write(''.join(kept))
                stream.flush()
