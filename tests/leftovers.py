"""``running_with(marker)``: the processes still running whose command line holds ``marker`` (a
hostile hand-in's leftover, started with a marker of the test's)."""
import os


def running_with(marker):
    found = []
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            try:
                with open('/proc/%s/cmdline' % pid, 'rb') as f:
                    if marker.encode() in f.read():
                        found.append(int(pid))
            except OSError:
                continue  # gone
    return found
