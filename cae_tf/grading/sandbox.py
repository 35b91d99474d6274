"""What a submission's kernel runs under: bubblewrap where it can isolate, least privilege where not.

With bubblewrap (no daemon, no image) the kernel gets, deny by default, only what it needs: the
system's folders (``/usr`` and its links, a list of ``/etc``), the interpreter and its packages
(wherever they live, ``/tmp`` included), the hand-out, the ``--readable`` folders, its working
directory and a private ``/tmp`` (both in one size-bounded tmpfs: :mod:`.workspace`); no network
(a namespace of its own), a pid namespace that dies with it, and an environment built from an
allow-list. Where bubblewrap cannot make namespaces (Gradescope's Docker containers) the kernel
still runs as an unprivileged user with the same limits, and every process of that user is killed
when the submission ends. Either way, as root, the kernel drops to that user (``cae-tf-kernel``
where ``setup.sh`` made it, else ``nobody``): it can neither write the grader's files nor read
those closed to others. Limits: address space per process (``prlimit --as``: ``MemoryError``),
size of a file (``--fsize``), and, in cgroups (:mod:`.cgroups`), processes and memory of all a
submission's processes together.
"""
import contextlib
import fcntl
import os
import pwd
import shutil
import stat
import subprocess
import sys
import time

import cae_tf
from cae_tf.handout.environment import NOTEBOOK_ENV

KERNEL_USERS = ('cae-tf-kernel', 'nobody')  # the first that exists; setup.sh makes the first
INSTALL_HINT = ('install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or grade '
                'with --no-sandbox to run submissions unisolated')
SYSTEM = ('/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32')
ETC = ('alternatives', 'fonts', 'group', 'hosts', 'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d',
       'localtime', 'mime.types', 'nsswitch.conf', 'passwd', 'ssl', 'timezone')
ENV = {'PATH': '/usr/local/bin:/usr/bin:/bin', 'LANG': 'C.UTF-8', 'LC_ALL': 'C.UTF-8'}


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


def kernel_user():
    """Return ``(uid, gid)`` the kernel runs as when the grader is root, else None."""
    if os.geteuid() != 0:
        return None
    for name in KERNEL_USERS:
        try:
            entry = pwd.getpwnam(name)
            return entry.pw_uid, entry.pw_gid
        except KeyError:
            continue
    raise SandboxError('no unprivileged user to run submissions as (%s)' % ', '.join(KERNEL_USERS))


# Held by every root grader while its kernels run as the kernel user: shared where it finds a
# submission's processes by its cgroups or its pid namespace, exclusive where it kills every
# process of that user (unisolated, without cgroups). Root's folder: no kernel can make or hold it.
USER_LOCK = '/run/cae_tf-kernel-user.lock'


@contextlib.contextmanager
def user_lock(exclusive, log=None, path=USER_LOCK):
    """Hold the machine's kernel-user lock (nothing where the grader is not root).

    A grader that ends a submission by killing every process of the kernel user would kill the
    kernels of another grader on the same machine (two batches, two Slurm tasks on one node):
    it waits for the others to finish, and they for it. ``log`` is told when it waits."""
    if kernel_user() is None:
        yield
        return
    if not os.path.isdir(os.path.dirname(path)):  # no /run (a minimal container)
        path = os.path.join('/tmp', os.path.basename(path))
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        if os.fstat(fd).st_uid != 0:  # one made by someone else in /tmp: not ours to trust
            raise SandboxError('the kernel-user lock %s is not root\'s: remove it' % path)
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            if log:
                log('waiting for another grader on this machine to finish: its kernels run as '
                    'the same user, and %s' % ('this one kills all of that user\'s processes'
                                               if exclusive else 'that one kills them all'))
            fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)


def project_paths():
    """The folders of this project a submission must not see: the package, and the repository
    around it when it is a source checkout (notebooks, tests)."""
    package = os.path.dirname(os.path.abspath(cae_tf.__file__))
    root = os.path.dirname(package)
    is_checkout = os.path.exists(os.path.join(root, 'pyproject.toml'))
    return [root] if is_checkout else [package]


def _under(path, folders):
    return any(os.path.commonpath([path, f]) == f for f in folders)


def interpreter_paths():
    """The folders the kernel's interpreter and its packages live in (wherever: ``/tmp`` too)."""
    found = {sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    found |= {p for p in sys.path if p and os.path.isdir(p) and 'packages' in p}
    found = {os.path.realpath(p) for p in found} | found
    return sorted(p for p in found if not _under(p, SYSTEM))


def kernel_env(home, extra=()):
    """The kernel's whole environment, from an allow-list: nothing of the grader's is inherited
    but the TensorFlow settings the notebooks record under (an explicit value wins)."""
    env = dict(ENV, HOME=home, **{k: os.environ.get(k, v) for k, v in NOTEBOOK_ENV.items()})
    env.update(extra)
    return env


def _system_argv():
    argv = []
    for path in SYSTEM:
        if os.path.islink(path):
            argv += ['--symlink', os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ['--ro-bind', path, path]
    for name in ETC:
        path = os.path.join('/etc', name)
        if os.path.lexists(path):
            argv += ['--ro-bind', path, path]
    return argv


def _bind(option, path, made):
    """``option path path``, after the folders above ``path`` that are not there yet, made
    traversable (bwrap would make them 0700, closed to the unprivileged kernel)."""
    argv, parents, parent = [], [], os.path.dirname(path)
    while parent not in ('/', ''):
        parents.append(parent)
        parent = os.path.dirname(parent)
    for folder in reversed(parents):
        if folder not in made and folder != '/tmp' and not _under(folder, SYSTEM):
            argv += ['--perms', '0755', '--dir', folder]
            made.add(folder)
    return argv + [option, path, path]


def bwrap_argv(workspace, readable, hidden):
    """Return the ``bwrap`` command line (before the kernel's own) for one submission.

    Args:
        workspace: its :class:`~cae_tf.grading.workspace.Workspace` (``work`` and ``tmp``), the
            only places it may write.
        readable: folders it may read (the hand-out, ``--readable``).
        hidden: folders it must not see even where they lie in one it may (this project).
    """
    # As root, no user namespace: the kernel drops to a real unprivileged id (drop_argv), which
    # a namespace's mapped id is not (it would still own the grader's root-owned files).
    unshare = (['--unshare-ipc', '--unshare-pid', '--unshare-net', '--unshare-uts',
                '--unshare-cgroup-try'] if os.geteuid() == 0 else ['--unshare-all'])
    # the grader's bubblewrap (its PATH), not what the kernel's allow-listed PATH finds
    argv = [shutil.which('bwrap') or 'bwrap', *unshare, '--die-with-parent', '--new-session', *_system_argv(),
            '--dev', '/dev', '--proc', '/proc', '--bind', workspace.tmp, '/tmp']
    bound, made = interpreter_paths(), set()
    for path in bound:
        argv += _bind('--ro-bind', path, made)
    for path in hidden:
        if _under(path, bound) and os.path.isdir(path):
            argv += ['--tmpfs', path]
    for path in readable:
        argv += _bind('--ro-bind', path, made)
    return argv + _bind('--bind', workspace.work, made) + ['--chdir', workspace.work, '--']


def drop_argv(user):
    """Return the command that drops root to ``user`` (uid, gid), or nothing when not root."""
    if user is None:
        return []
    return ['setpriv', '--reuid=%d' % user[0], '--regid=%d' % user[1], '--clear-groups',
            '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--']


def prlimit_argv(limits, processes_per_user=False):
    """Return the ``prlimit`` command that sets the per-process limits (and the user's number
    of processes, where no cgroup counts a submission's own)."""
    argv = ['prlimit', '--as=%d' % limits.memory, '--fsize=%d' % limits.file_size]
    if processes_per_user:
        argv.append('--nproc=%d' % limits.processes)
    return argv + ['--']


def closed_folder(path):
    """The first folder above ``path`` that users other than its owner cannot enter, or None
    (the unprivileged kernel cannot run an interpreter there)."""
    parts = os.path.dirname(path).split(os.sep)
    for i in range(2, len(parts) + 1):
        folder = os.sep.join(parts[:i])
        if os.geteuid() == 0 and not os.stat(folder).st_mode & stat.S_IXOTH:
            return folder
    return None


def user_pids(uid):
    """Every live process of ``uid`` on the machine (read from ``/proc``; zombies are dead)."""
    found = []
    for name in os.listdir('/proc'):
        if name.isdigit():
            try:
                if os.stat('/proc/' + name).st_uid != uid:
                    continue
                with open('/proc/%s/stat' % name) as f:
                    if f.read().rsplit(')', 1)[1].split()[0] != 'Z':
                        found.append(int(name))
            except (OSError, IndexError):
                continue  # gone
    return found


def kill_user(uid, wait=10.0):
    """Kill every process of ``uid`` until none is left; return how many were killed."""
    killed, deadline = set(), time.monotonic() + wait
    while time.monotonic() < deadline:
        pids = user_pids(uid)
        if not pids:
            return len(killed)
        for pid in pids:
            try:
                os.kill(pid, 9)
                killed.add(pid)
            except OSError:
                pass
        time.sleep(0.02)
    raise SandboxError('processes of uid %d outlived the submission: %s' % (uid, user_pids(uid)))
