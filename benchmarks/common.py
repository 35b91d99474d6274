"""What every benchmark shares: variants run interleaved (A B A B ...) and a report of medians."""
import os
import platform
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def machine():
    """One line naming the machine the figures come from."""
    import tensorflow as tf
    cpu = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as f:
            cpu = next(line.split(':', 1)[1].strip() for line in f if 'model name' in line)
    except (OSError, StopIteration):
        pass
    return '%s, %d cores, Python %s, TensorFlow %s, oneDNN %s' % (
        cpu, os.cpu_count() or 0, platform.python_version(), tf.__version__, onednn())


def onednn():
    """'on' or 'off': whether TensorFlow runs oneDNN's kernels in this process.

    Its default depends on the CPU (off on this AMD EPYC, on for recent Intel);
    ``TF_ENABLE_ONEDNN_OPTS=0/1`` decides when set.
    """
    try:
        from tensorflow.python.util import _pywrap_util_port
        return 'on' if _pywrap_util_port.IsMklEnabled() else 'off'
    except (ImportError, AttributeError):  # a private API: say what the environment asks for
        return {'0': 'off', '1': 'on'}.get(os.environ.get('TF_ENABLE_ONEDNN_OPTS'), 'default')


def interleave(variants, rounds):
    """Run ``{name: function}`` ``rounds`` times, alternating the order each round.

    Each function returns a dict of measurements; return ``{name: [dict per round]}``.
    """
    names = list(variants)
    results = {name: [] for name in names}
    for r in range(rounds):
        for name in (names if r % 2 == 0 else names[::-1]):
            started = time.perf_counter()
            result = variants[name]()
            result.setdefault('seconds', time.perf_counter() - started)
            results[name].append(result)
            print('round %d  %-12s %s' % (r + 1, name, '  '.join(
                '%s %.4g' % kv for kv in sorted(result.items()))), flush=True)
    return results


def median(results, name, key):
    return statistics.median(r[key] for r in results[name])
