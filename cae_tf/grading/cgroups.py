"""Control groups of one submission: all its processes counted, and their memory bounded, together.

A limit per process (``prlimit``) does not bind a submission that forks: three children of 3 GiB
each pass a 4 GiB address-space limit. A cgroup counts them together. The grader makes its cgroups
under its own (cgroup v1: one hierarchy per controller; v2: the unified one, where the controller
is enabled for children), so whatever confines the grader confines its submissions too.
"""
import os
import shlex
import time

from cae_tf.grading import statuses as said

# where cgroups are mounted; CAE_TF_CGROUP_ROOT points elsewhere (an empty folder stands in for a
# container that cannot write them)
ROOT = os.environ.get('CAE_TF_CGROUP_ROOT', '/sys/fs/cgroup')
# per controller: (v1 limit file, v2 limit file, v1 and v2 files whose count of limit hits it is)
FILES = {'pids': ('pids.max', 'pids.max', ('pids.events', 'max')),
         'memory': ('memory.limit_in_bytes', 'memory.max', ('memory.events', 'oom_kill'))}
V1_OOM = ('memory.oom_control', 'oom_kill')
MACHINE_MEMORY = said.MACHINE_MEMORY.text


def _own_path(controller, proc_cgroup='/proc/self/cgroup'):
    """Return the grader's own cgroup of ``controller``: ``(folder, 1 or 2)`` or None."""
    with open(proc_cgroup) as f:
        lines = [line.rstrip('\n').split(':', 2) for line in f]
    for _, names, path in lines:
        mount = os.path.join(ROOT, controller)
        if controller in names.split(',') and os.path.isdir(mount):
            return os.path.join(mount, path.lstrip('/')), 1
    for hierarchy, names, path in lines:
        for mount in (ROOT, os.path.join(ROOT, 'unified')):
            if hierarchy == '0' and os.path.exists(os.path.join(mount, 'cgroup.controllers')):
                own = os.path.join(mount, path.lstrip('/'))
                return own, 2
    return None


def machine_oom_kills():
    """How many processes the OOM killer took in the grader's own memory cgroup (a container's
    limit), 0 where that cannot be read."""
    try:
        own = _own_path('memory')
    except OSError:
        return 0
    if own is None:
        return 0
    path, version = own
    if version == 1:  # v1 counts a cgroup's own kills only
        return _counter(os.path.join(path, V1_OOM[0]), 'oom_kill')
    # v2's memory.events counts the kills in the cgroups below too (the submissions' own, beside
    # this one's: not the machine's); memory.events.local (Linux 5.7+) only this cgroup's
    local = os.path.join(path, 'memory.events.local')
    return _counter(local if os.path.exists(local) else os.path.join(path, 'memory.events'),
                    'oom_kill')


def _counter(path, key):
    """The number after ``key`` in a flat-keyed cgroup file (0 where there is none)."""
    try:
        with open(path) as f:
            for line in f:
                name, _, value = line.partition(' ')
                if name == key:
                    return int(value)
    except (OSError, ValueError):
        pass
    return 0


class Cgroup:
    """A cgroup of one controller, made for a submission beside the grader's own, with a limit."""

    def __init__(self, path, controller, version):
        self.path, self.controller, self.version = path, controller, version

    @classmethod
    def make(cls, controller, name, limit):
        """Return a new cgroup limiting ``controller`` to ``limit``, or None where the grader
        cannot make one (not root, a read-only cgroup file system, the controller not enabled)."""
        try:
            own = _own_path(controller)
            if own is None:
                return None
            parent, version = own
            if version == 2:
                with open(os.path.join(parent, 'cgroup.subtree_control')) as f:
                    if controller not in f.read().split():
                        return None
            path = os.path.join(parent, name)
            os.makedirs(path, exist_ok=True)
            group = cls(path, controller, version)
            if limit == 'max' and version == 1 and controller == 'memory':
                limit = -1  # v1's word for no limit
            group.write(FILES[controller][version - 1], limit)
            if controller == 'memory':  # no escape into swap, where the machine has it
                group.write('memory.memsw.limit_in_bytes' if version == 1 else 'memory.swap.max',
                            limit if version == 1 else 0, optional=True)
            return group
        except OSError:
            return None

    def write(self, name, value, optional=False):
        try:
            with open(os.path.join(self.path, name), 'w') as f:
                f.write(str(value))
        except OSError:
            if not optional:
                raise

    def hits(self):
        """How often the limit refused a process or killed one for memory."""
        if self.controller == 'memory' and self.version == 1:
            return _counter(os.path.join(self.path, V1_OOM[0]), V1_OOM[1])
        name, key = FILES[self.controller][2]
        return _counter(os.path.join(self.path, name), key)

    def peak(self):
        """The most memory the cgroup held at once, in bytes (0 where not kept)."""
        name = 'memory.max_usage_in_bytes' if self.version == 1 else 'memory.peak'
        try:
            with open(os.path.join(self.path, name)) as f:
                return int(f.read())
        except (OSError, ValueError):
            return 0

    def pids(self):
        try:
            with open(os.path.join(self.path, 'cgroup.procs')) as f:
                return [int(pid) for pid in f.read().split()]
        except (OSError, ValueError):
            return []

    def remove(self):
        """Kill what is left in the cgroup and remove it."""
        for _ in range(100):
            for pid in self.pids():
                kill(pid)
            try:
                os.rmdir(self.path)
                return
            except OSError:
                time.sleep(0.05)  # the last processes are still exiting


def kill(pid):
    try:
        os.kill(pid, 9)
    except OSError:
        pass  # gone already


def _parent(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return int(f.read().rsplit(')', 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


class SubmissionGroups:
    """The cgroups of one submission: ``pids`` (processes and threads) and ``memory``, each
    where it can be made. ``wrapper`` is the command prefix that moves the kernel into them."""

    def __init__(self, groups):
        self.groups = groups
        self.start = {c: g.hits() for c, g in self.groups.items()}

    @classmethod
    def make(cls, name, processes, memory):
        """Make the cgroups named ``name`` that can be made here, with their limits."""
        made = {c: Cgroup.make(c, name, limit) for c, limit in
                (('pids', processes), ('memory', memory))}
        return cls({c: g for c, g in made.items() if g is not None})

    def enforced(self, controller):
        return controller in self.groups

    @property
    def wrapper(self):
        if not self.groups:
            return []
        joins = ' && '.join('echo $$ > %s' % shlex.quote(os.path.join(g.path, 'cgroup.procs'))
                            for g in self.groups.values())
        return ['sh', '-c', joins + ' && exec "$@"', 'sh']

    def hit(self, controller):
        """Whether ``controller``'s limit refused a fork or killed a process for memory."""
        group = self.groups.get(controller)
        return group is not None and group.hits() > self.start[controller]

    def pids(self):
        return sorted({pid for g in self.groups.values() for pid in g.pids()})

    def make_room(self, launched, depth):
        """Before the probe: kill every process but the kernel and what launched it, and lift
        the process limit (the dead stay zombies, holding it, until the kernel waits for them).

        Args:
            launched: the pid the grader started.
            depth: how far below it the kernel is (bubblewrap: 2, its init then the kernel;
                unisolated: 0, the wrappers exec the kernel).
        """
        group = self.groups.get('pids') or self.groups.get('memory')
        if group is None:
            return
        parents = {pid: _parent(pid) for pid in group.pids()}
        keep, frontier = {launched}, {launched}
        for _ in range(depth):
            frontier = {pid for pid, parent in parents.items() if parent in frontier}
            keep |= frontier
        for pid in set(parents) - keep:
            kill(pid)
        if 'pids' in self.groups:
            self.groups['pids'].write('pids.max', 'max')

    def close(self):
        for group in self.groups.values():
            group.remove()


def available():
    """Whether the grader can make a submission's cgroups here (to count and kill its processes)."""
    groups = SubmissionGroups.make('cae_tf-check-%d' % os.getpid(), 'max', 'max')
    try:
        return bool(groups.groups)
    finally:
        groups.close()
