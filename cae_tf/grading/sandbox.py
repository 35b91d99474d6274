"""Running a submission's kernel isolated, with bubblewrap (no daemon, no container image).

The kernel (all that executes a student's cells) runs under ``bwrap``: no network (a namespace of
its own), the file system read-only but for its working directory and a private ``/tmp``, the
grader's home, the project, the submissions and the output folder hidden under empty tmpfs
mounts, an unprivileged user id, and limits: address space (``prlimit --as``, so an allocation
past it raises ``MemoryError``), size of a file written (``--fsize``: ``OSError`` "File too
large"), and number of processes and threads (a ``pids`` cgroup where the grader may make one:
``fork`` fails with ``BlockingIOError``). The kernel talks to the grader through Unix sockets in
its working directory, since it has no network. Captured output is bounded by the worker.
"""
import collections
import os
import shutil
import subprocess
import sys
import time

import cae_tf

Limits = collections.namedtuple('Limits', 'memory processes file_size output')
MiB = 1024 ** 2
# The homework's solution needs about 1.5 GiB, 60 threads, writes 11 MB (MNIST) and shows 8 MB of
# output (16 figures); each default leaves room for an honest solution written differently.
DEFAULT_LIMITS = Limits(memory=4096 * MiB, processes=256, file_size=100 * MiB, output=16 * MiB)
NOBODY = 65534
INSTALL_HINT = ('install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or grade '
                'with --no-sandbox to run submissions unisolated')


class SandboxError(RuntimeError):
    """bubblewrap is missing or cannot isolate a process here."""


def check():
    """Raise SandboxError saying why submissions cannot be isolated here; None if they can."""
    if shutil.which('bwrap') is None:
        raise SandboxError('bubblewrap (bwrap) is not installed: ' + INSTALL_HINT)
    proc = subprocess.run(['bwrap', '--unshare-all', '--ro-bind', '/', '/', '--dev', '/dev',
                           '--proc', '/proc', '--', 'true'], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SandboxError('bubblewrap cannot make namespaces here (%s): %s'
                           % (proc.stderr.strip()[:200], INSTALL_HINT))


def project_paths():
    """The folders of this project a submission must not see: the package, and the repository
    around it when it is a source checkout (notebooks, tests)."""
    package = os.path.dirname(os.path.abspath(cae_tf.__file__))
    root = os.path.dirname(package)
    is_checkout = os.path.exists(os.path.join(root, 'pyproject.toml'))
    return [root] if is_checkout else [package]


def _under(path, folders):
    return any(os.path.commonpath([path, f]) == f for f in folders)


def _open_parents(path, hidden):
    """The ``--dir`` options that make the folders between a hidden folder and ``path`` (on its
    tmpfs) traversable: bwrap would make them 0700, closed to the unprivileged kernel."""
    roots = [h for h in hidden if _under(path, [h]) and h != path]
    if not roots:
        return []
    root, argv, parent = max(roots, key=len), [], os.path.dirname(path)
    parents = []
    while parent != root and _under(parent, [root]):
        parents.append(parent)
        parent = os.path.dirname(parent)
    for folder in reversed(parents):
        argv += ['--perms', '0755', '--dir', folder]
    return argv


def bwrap_argv(workdir, readable, hidden):
    """Return the ``bwrap`` command line (before the kernel's own) for one submission.

    Args:
        workdir: the kernel's working directory, the one place it may write (besides /tmp).
        readable: folders it may read even where they lie under a hidden one (the hand-out).
        hidden: folders it must not see (each becomes an empty tmpfs).
    """
    hidden = sorted({os.path.abspath(h) for h in hidden if os.path.isdir(h)})
    # the interpreter and its packages stay visible wherever they live
    exposed = [p for p in {sys.prefix, sys.base_prefix, *readable} if _under(p, hidden)]
    # As root, no user namespace: the kernel drops to a real unprivileged id (drop_argv), which
    # a namespace's mapped id is not (it would still own the grader's root-owned files).
    unshare = (['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts',
                '--unshare-cgroup-try'] if os.geteuid() == 0 else ['--unshare-all'])
    argv = ['bwrap', *unshare, '--die-with-parent', '--new-session',
            '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp']
    for path in hidden:
        argv += ['--tmpfs', path]
    for path in sorted(exposed) + [r for r in readable if r not in exposed]:
        argv += _open_parents(path, hidden + ['/tmp']) + ['--ro-bind', path, path]
    return argv + _open_parents(workdir, hidden + ['/tmp']) + [
        '--bind', workdir, workdir, '--chdir', workdir, '--setenv', 'HOME', workdir, '--']


def drop_argv():
    """Return the command that drops root to an unprivileged user (nobody) inside the sandbox."""
    if os.geteuid() != 0:
        return []
    return ['setpriv', '--reuid=%d' % NOBODY, '--regid=%d' % NOBODY, '--clear-groups',
            '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--']


def prlimit_argv(limits):
    """Return the ``prlimit`` command that sets the memory and file size limits."""
    return ['prlimit', '--as=%d' % limits.memory, '--fsize=%d' % limits.file_size, '--']


def kernel_wrapper(workdir, readable, hidden, limits, process_limit):
    """Return the whole command a sandboxed kernel runs under."""
    return (process_limit.wrapper + bwrap_argv(workdir, readable, hidden) + drop_argv()
            + prlimit_argv(limits))


def give_to_kernel(path):
    """Let the sandboxed kernel, unprivileged, use ``path`` (its working directory, its
    connection file): it becomes nobody's when the grader runs as root."""
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)


def _parent(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return int(f.read().rsplit(')', 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _kill(pid):
    try:
        os.kill(pid, 9)
    except OSError:
        pass  # gone already


class ProcessLimit:
    """A ``pids`` cgroup of its own for one submission (cgroup v1 or v2), where one can be made.

    ``wrapper`` is the command prefix that moves the kernel into it (empty where cgroups cannot
    be written: the limit is then not enforced, and :attr:`enforced` says so).
    """
    ROOTS = ('/sys/fs/cgroup/pids', '/sys/fs/cgroup')

    def __init__(self, limit, name):
        self.path = None
        for root in self.ROOTS:
            if self._usable(root):
                path = os.path.join(root, name)
                try:
                    os.makedirs(path, exist_ok=True)
                    with open(os.path.join(path, 'pids.max'), 'w') as f:
                        f.write(str(limit))
                    self.path = path
                    break
                except OSError:
                    continue

    @staticmethod
    def _usable(root):
        if root.endswith('pids'):
            return os.access(root, os.W_OK)
        controllers = os.path.join(root, 'cgroup.subtree_control')
        return os.access(controllers, os.W_OK) and 'pids' in open(controllers).read()

    @property
    def enforced(self):
        return self.path is not None

    @property
    def wrapper(self):
        if self.path is None:
            return []
        return ['sh', '-c', 'echo $$ > "$0" && exec "$@"', os.path.join(self.path, 'cgroup.procs')]

    def hit(self):
        """Whether a fork was refused for the limit (the cgroup's ``pids.events``)."""
        try:
            with open(os.path.join(self.path, 'pids.events')) as f:
                return int(f.read().split()[-1]) > 0
        except (OSError, ValueError, TypeError, IndexError):
            return False

    def _pids(self):
        with open(os.path.join(self.path, 'cgroup.procs')) as f:
            return [int(pid) for pid in f.read().split()]

    def make_room(self, launched):
        """Before the probe: kill every process but the sandbox's own and the kernel, and lift
        the limit (the dead stay zombies, holding it, until the kernel waits for them).

        Args:
            launched: the pid the grader started (bwrap); its child is the sandbox's init,
                whose child is the kernel.
        """
        if self.path is None:
            return
        parents = {pid: _parent(pid) for pid in self._pids()}
        init = {pid for pid, parent in parents.items() if parent == launched}
        keep = {launched} | init | {pid for pid, parent in parents.items() if parent in init}
        for pid in set(parents) - keep:
            _kill(pid)
        with open(os.path.join(self.path, 'pids.max'), 'w') as f:
            f.write('max')

    def close(self):
        """Kill what is left in the cgroup and remove it."""
        if self.path is None:
            return
        for _ in range(50):
            try:
                for pid in self._pids():
                    _kill(pid)
                os.rmdir(self.path)
                return
            except OSError:
                time.sleep(0.1)  # the kernel's last processes are still exiting
