"""A submission's writable space: its working directory and its ``/tmp``, together in one tmpfs
of bounded size where the grader may mount one (as root), so that files written across both,
each under the per-file limit, still cannot pass the disk limit (``No space left on device``)."""
import os
import shutil
import subprocess
import tempfile

FULL = 1024 ** 2  # bytes left under which a bounded workspace counts as filled
RESERVE = 128 * 1024 ** 2  # kept back for the probe's files (about 40 MB), freed just before it


def _mount_tmpfs(folder, size):
    """Mount a tmpfs of ``size`` bytes on ``folder``; return whether it worked."""
    if os.geteuid() != 0 or shutil.which('mount') is None:
        return False
    proc = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=%d,mode=0755' % size,
                           'cae_tf-submission', folder], capture_output=True)
    return proc.returncode == 0


class Workspace:
    """``work`` (the kernel's working directory) and ``tmp`` (its ``/tmp``) under one folder;
    ``bounded`` says whether their total size is enforced."""

    def __init__(self, size, owner=None):
        self.base = tempfile.mkdtemp(prefix='cae_tf-submission-')
        os.chmod(self.base, 0o755)  # the unprivileged kernel passes through to its own folders
        self.bounded = _mount_tmpfs(self.base, size + RESERVE)
        self.work, self.tmp = os.path.join(self.base, 'work'), os.path.join(self.base, 'tmp')
        os.mkdir(self.work, 0o700)
        os.mkdir(self.tmp)
        os.chmod(self.tmp, 0o1777)
        self.owner = owner  # (uid, gid) of the unprivileged kernel, None when not root
        if owner is not None:
            os.chown(self.work, *owner)
        self.reserve = os.path.join(self.base, '.reserve')  # root's: the kernel cannot free it
        if self.bounded:
            with open(self.reserve, 'wb') as f:
                os.posix_fallocate(f.fileno(), 0, RESERVE)
        self.used_up = False

    def release(self):
        """Free the reserve for the probe, noting first whether the submission filled the rest."""
        self.used_up = self.used_up or self.filled()
        if os.path.exists(self.reserve):
            os.remove(self.reserve)

    def filled(self):
        """Whether the submission used up the space it had."""
        if not self.bounded:
            return False
        if self.used_up:
            return True
        stat = os.statvfs(self.base)
        return stat.f_bavail * stat.f_frsize < FULL

    def close(self):
        if self.bounded:
            subprocess.run(['umount', '--lazy', self.base], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
