"""The environment the homework's notebooks run in, in one place (no TensorFlow imported here).

TensorFlow reads these when it loads, so they must be set before: the notebooks' first cell calls
:func:`use_notebook_defaults`, and the test suite, the notebook runner and the grader pass the same
values to the kernels they start.
"""
import contextlib
import os
import re
import subprocess
import sys

# TF_CPP_MIN_LOG_LEVEL: TensorFlow's C++ start-up lines differ by machine; keep them out of outputs.
# TF_ENABLE_ONEDNN_OPTS: oneDNN's kernels change the last digits; off, every run gives the same numbers.
NOTEBOOK_ENV = {'TF_CPP_MIN_LOG_LEVEL': '3', 'TF_ENABLE_ONEDNN_OPTS': '0'}


def use_notebook_defaults(environ=os.environ):
    """Set each of :data:`NOTEBOOK_ENV` in ``environ`` unless it is set already."""
    for name, value in NOTEBOOK_ENV.items():
        environ.setdefault(name, value)


# The TensorFlow releases the homework was run on (README, "TensorFlow versions"). A newer one is
# allowed (Colab moves on by itself): the hand-out says so in one line instead of refusing it.
TESTED_TENSORFLOW = ('2.16', '2.21')


def untested_tensorflow_notice(version):
    """The line to show for a TensorFlow ``version`` newer than :data:`TESTED_TENSORFLOW`, else
    None."""
    def release(text):
        return tuple(int(n) for n in re.findall(r'\d+', text)[:2])
    if release(version) <= release(TESTED_TENSORFLOW[1]):
        return None
    return ('cae_tf: TensorFlow %s is newer than the releases this homework was tested on '
            '(%s-%s); if a given cell fails, tell your course staff.' % (version, *TESTED_TENSORFLOW))


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


# The filter runs in a process of its own: if loading TensorFlow kills this one (a CPU it was not
# built for), the filter still passes on the last words.
_FILTER = ('import re, sys\n'
           'pattern = re.compile(sys.argv[1].encode())\n'
           'for line in sys.stdin.buffer:\n'
           '    if not pattern.search(line):\n'
           '        sys.stdout.buffer.write(line)\n'
           '        sys.stdout.buffer.flush()\n')


def _filter_can_run():
    """Whether the filter process can be started here: a Python to start it with, and a platform
    that needs it (TensorFlow's start-up lines come from its Linux builds' CUDA probing; on
    Windows a helper process would also open a console window of its own)."""
    return bool(sys.executable) and os.name == 'posix'


@contextlib.contextmanager
def startup_lines_dropped():
    """While TensorFlow loads: pass what is written to file descriptor 2 (C++ code writes there,
    below Python) through a filter that drops :data:`STARTUP_LINES` and keeps every other line,
    in order, as it comes. Where the filter cannot be set up (no Python to start it with, not
    POSIX, no descriptor 2, no process to spare), nothing is filtered and nothing is left open."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    child, saved = _start_filter() if _filter_can_run() else (None, None)
    if child is None:
        yield
        return
    try:
        yield
    finally:
        os.dup2(saved, 2)  # the pipe's last writer is gone: the filter reads to its end, exits
        os.close(saved)
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


def _start_filter():
    """Start the filter and point descriptor 2 at it; return it and a copy of the old
    descriptor 2, or ``(None, None)`` with every descriptor opened here closed again."""
    try:
        saved = os.dup(2)
    except OSError:
        return None, None
    read = write = None
    try:
        read, write = os.pipe()
        child = subprocess.Popen([sys.executable, '-S', '-c', _FILTER, STARTUP_LINES.pattern],
                                 stdin=read, stdout=saved, close_fds=True)
    except (OSError, ValueError):  # no such executable, no process or descriptor to spare
        for fd in (read, write, saved):
            if fd is not None:
                os.close(fd)
        return None, None
    os.close(read)
    os.dup2(write, 2)
    os.close(write)
    return child, saved
