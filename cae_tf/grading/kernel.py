"""A submission's kernel: the students' environment, under the sandbox or least privilege, and the
client that runs its cells keeping a bounded share of what they print."""
import asyncio
import collections
import json
import os
import uuid

import zmq
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.util import run_sync

from cae_tf import notebook
from cae_tf.grading import sandbox
from cae_tf.limits import DEFAULT_LIMITS, Limits

IMAGE_SHARE = 4  # figures may take this many times the output limit, all cells together
TEXT_SHARE = 4  # and text as many, all cells together
MESSAGE_SHARE = 2  # one message may be this many times the output limit; a larger one is dropped
QUEUED = 4  # messages received and not yet read, at most
# the messages whose content nbclient keeps in the notebook (an update replaces a display's data)
KEPT = ('stream', 'display_data', 'update_display_data', 'execute_result', 'error')


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
    """A kernel manager whose connection file the unprivileged kernel can read, and whose
    client drops a message larger than ``max_message`` bytes before this process holds it and
    holds ``QUEUED`` messages at most that it has not read."""
    owner = max_message = None

    def client(self, **kwargs):
        client = super().client(**kwargs)
        if self.max_message is not None:  # zmq drops a larger one: Client.reconnect_iopub
            client.context.setsockopt(zmq.MAXMSGSIZE, self.max_message)
            # messages not yet read wait in the kernel's queue (its memory), not in ours
            client.context.setsockopt(zmq.RCVHWM, QUEUED)
        return client

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
    manager.owner, manager.max_message = user, MESSAGE_SHARE * options.limits.output
    return manager, env


def content_size(value):
    """The characters of a message's content: its strings and keys, 8 for any other value
    (counted without serialising it, and without recursion: any depth)."""
    size, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += list(item.keys()) + list(item.values())
        elif isinstance(item, (list, tuple)):
            stack += item
        else:
            size += len(item) if isinstance(item, (str, bytes)) else 8
    return size


def watch_disconnects(socket):
    """A socket (PAIR, synchronous) told each time ``socket``'s peer is disconnected, as zmq
    does on a message over ``MAXMSGSIZE``."""
    address = 'inproc://cae-tf-watch-%s' % uuid.uuid4().hex
    socket.monitor(address, zmq.EVENT_DISCONNECTED)
    watch = zmq.Context.shadow(socket.context.underlying).socket(zmq.PAIR)
    watch.connect(address)
    return watch


class Client(NotebookClient):
    """nbclient keeping a bounded share of what the kernel sends: text at most ``output_limit``
    bytes per cell and ``TEXT_SHARE`` times that in all, figures ``IMAGE_SHARE`` times that in
    all; every message kept (streams, displays, their updates in place, results, errors) is
    counted as it arrives and never refunded, the rest dropped; comm (widget) messages are never
    kept; so the grader's memory stays flat. ``cut`` lists the cells whose output was cut,
    ``all_cut`` is the cell from which all text was cut (all cells had sent their share)."""
    output_limit = watch = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.text_bytes, self.image_bytes, self.cut = collections.Counter(), 0, []
        self.all_cut = None  # the first cell whose text went past TEXT_SHARE in all

    async def async_start_new_kernel_client(self):
        client = await super().async_start_new_kernel_client()
        self.watch = watch_disconnects(client.iopub_channel.socket)
        return client

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        try:
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        finally:  # zmq dropped a message too large to take, and the channel with it
            if self.dropped():
                if cell_index not in self.cut:
                    self.cut.append(cell_index)
                await self.reconnect_iopub()

    async def reconnect_iopub(self):
        """A new IOPub channel in place of the one zmq closed on a message too large."""
        self.watch.close(linger=0)
        self.kc.iopub_channel.close()
        self.kc._iopub_channel = None  # made again, and connected, on first use
        self.watch = watch_disconnects(self.kc.iopub_channel.socket)
        await asyncio.sleep(0.5)  # for its subscription to reach the kernel

    async def _async_cleanup_kernel(self):
        if self.watch is not None:  # first: the client's context, ending, waits for every socket
            self.watch.close(linger=0)
            self.watch = None
        await super()._async_cleanup_kernel()

    # nbclient's blocking forms, bound to its own coroutines: bound again to these
    start_new_kernel_client = run_sync(async_start_new_kernel_client)
    execute_cell = run_sync(async_execute_cell)
    _cleanup_kernel = run_sync(_async_cleanup_kernel)

    def dropped(self):
        """Whether a message was dropped since this was last asked."""
        found = False
        while self.watch is not None and self.watch.poll(0):
            self.watch.recv_multipart()
            found = True
        return found

    def process_message(self, msg, cell, cell_index):
        msg_type = msg['msg_type']
        if msg_type.startswith('comm'):
            return None  # widgets' state is no part of a grade
        if msg_type in KEPT and self.output_limit is not None and not self.room(msg, cell_index):
            return None
        return super().process_message(msg, cell, cell_index)

    def room(self, msg, cell_index):
        """Count ``msg`` against its share; return whether it may be kept."""
        content = msg.get('content') or {}
        size = content_size(content) + sum(len(b) for b in msg.get('buffers') or [])
        data = content.get('data') if isinstance(content, dict) else None
        if isinstance(data, dict) and any(str(k).startswith('image/') for k in data):
            self.image_bytes += size
            over = self.image_bytes > IMAGE_SHARE * self.output_limit
        else:
            self.text_bytes[cell_index] += size
            if sum(self.text_bytes.values()) > TEXT_SHARE * self.output_limit:
                self.all_cut = cell_index if self.all_cut is None else self.all_cut
                return False
            over = self.text_bytes[cell_index] > self.output_limit
        if over and cell_index not in self.cut:
            self.cut.append(cell_index)
        return not over
