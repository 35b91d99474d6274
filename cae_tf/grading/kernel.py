"""A submission's kernel: the students' environment, under the sandbox or least privilege, and the
client that runs its cells keeping a bounded share of what they print."""
import collections
import json
import os

from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from cae_tf import notebook
from cae_tf.grading import sandbox
from cae_tf.limits import DEFAULT_LIMITS, Limits

IMAGE_SHARE = 4  # figures may take this many times the output limit, all cells together


class Options(collections.namedtuple('Options', 'sandbox limits hidden readable student_site',
                                     defaults=(None,))):
    """How a submission runs: in the sandbox or not, its limits, the folders it must not see
    even where they lie in one it may, those it may read (``sandbox.bwrap_argv``), and the
    students' environment the batch wrote once for all its kernels (None: each run writes its
    own, :mod:`cae_tf.student_package`)."""

    def to_json(self):
        return json.dumps(dict(self._asdict(), limits=self.limits._asdict(),
                               hidden=list(self.hidden), readable=list(self.readable)))

    @classmethod
    def from_json(cls, text):
        raw = json.loads(text)
        return cls(raw['sandbox'], Limits(**raw['limits']), tuple(raw['hidden']),
                   tuple(raw['readable']), raw.get('student_site'))


UNISOLATED = Options(False, DEFAULT_LIMITS, (), ())


def package_paths():
    """The folders the kernel imports third-party packages from: the grader's own. An installed
    ``cae_tf`` among them is shadowed by the hand-out's (first on the path, so ``cae_tf.solution``
    is looked for in the hand-out only) and hidden by the sandbox."""
    return [p for p in sandbox.interpreter_paths() if 'packages' in p]


class _OwnedManager(AsyncKernelManager):
    """A kernel manager whose connection file the unprivileged kernel can read."""
    owner = None

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        if self.owner is not None:
            os.chown(self.connection_file, *self.owner)


def student_kernel(spec_dir, student_site, workspace, options, groups, user):
    """Return ``(kernel manager, environment)`` for a kernel that imports as a student's would:
    the hand-out in ``student_site`` and the third-party packages, never the staff modules (no
    site hooks, so no editable install either); sandboxed as ``options`` say, dropped to
    ``user`` (uid, gid) when there is one, in the submission's cgroups ``groups``."""
    env = sandbox.kernel_env(workspace.work, {
        'PYTHONPATH': os.pathsep.join([student_site] + package_paths()),
        'TMPDIR': '/tmp' if options.sandbox else workspace.tmp})
    os.chmod(student_site, 0o755)  # made under the grader's umask: the kernel's user reads it
    sockets = os.path.join(workspace.work, '.kernel')
    os.makedirs(sockets, exist_ok=True)
    if user is not None:
        os.chown(sockets, *user)
    isolate = sandbox.bwrap_argv(workspace, [student_site, *options.readable],
                                 options.hidden) if options.sandbox else []
    processes_per_user = user is not None and not groups.enforced('pids')
    wrapper = (groups.wrapper + isolate + sandbox.drop_argv(user)
               + sandbox.prlimit_argv(options.limits, processes_per_user))
    transport = {'transport': 'ipc', 'ip': os.path.join(sockets, 'ipc')} if options.sandbox \
        else {}  # no network inside the sandbox: Unix sockets instead
    manager = notebook.kernel_manager(
        spec_dir, ('-S',), wrapper, interrupt_mode='message', manager_class=_OwnedManager,
        connection_file=os.path.join(sockets, 'kernel.json'), **transport)
    manager.owner = user
    return manager, env


class Client(NotebookClient):
    """nbclient keeping at most ``output_limit`` bytes of text per cell (a flood costs only its
    own cell) and ``IMAGE_SHARE`` times that of figures in all; the rest is dropped as it
    arrives, so the grader's memory stays flat. ``cut`` lists the cells whose output was cut."""
    output_limit = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.text_bytes, self.image_bytes, self.cut = collections.Counter(), 0, []

    def output(self, outs, msg, display_id, cell_index):
        if self.output_limit is not None:
            content = msg.get('content', {})
            size = len(json.dumps(content))
            if any(k.startswith('image/') for k in content.get('data', {})):
                self.image_bytes += size
                over = self.image_bytes > IMAGE_SHARE * self.output_limit
            else:
                self.text_bytes[cell_index] += size
                over = self.text_bytes[cell_index] > self.output_limit
            if over:
                if cell_index not in self.cut:
                    self.cut.append(cell_index)
                return None
        return super().output(outs, msg, display_id, cell_index)
