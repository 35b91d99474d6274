"""A throwaway one-node Slurm cluster for a test: Debian's ``slurm-wlm`` and ``munge``, a minimal
``slurm.conf`` in a temporary folder, ``munged``, ``slurmctld`` and ``slurmd`` started by hand
(there is no systemd) and stopped after, with anything they left.

``unavailable()`` says why a cluster cannot run here (not root, the packages missing), or ''.
Commands given ``cluster.env`` (``SLURM_CONF`` set) talk to this cluster only.
"""
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time

DAEMONS = ('munged', 'slurmctld', 'slurmd')
MUNGE_SOCKET = '/run/munge/munge.socket.2'


def unavailable():
    """Why a throwaway cluster cannot start here, or '' when it can."""
    if os.geteuid() != 0:
        return 'a Slurm cluster is started as root (slurmd runs jobs as their users)'
    missing = [tool for tool in DAEMONS + ('sbatch', 'squeue') if not shutil.which(tool)]
    if missing:
        return ('Slurm is not installed (%s missing): make test installs slurm-wlm and munge '
                'as root with apt-get' % ', '.join(missing))
    return ''


def _node_line():
    """``slurmd -C``'s first line: this machine as Slurm sees it (CPUs, memory)."""
    out = subprocess.run(['slurmd', '-C'], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[0]


def _config(folder, host):
    node = _node_line().replace('NodeName=%s' % _node_line().split()[0].split('=')[1],
                                'NodeName=%s' % host)
    return '\n'.join([
        'ClusterName=caetftest', 'SlurmctldHost=%s' % host, 'SlurmUser=root',
        'AuthType=auth/munge', 'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none',
        'SelectType=select/cons_tres', 'SelectTypeParameters=CR_Core_Memory',
        'MailProg=/bin/true', 'ReturnToService=2', 'SlurmctldPort=16817', 'SlurmdPort=16818',
        'StateSaveLocation=%s/state' % folder, 'SlurmdSpoolDir=%s/spool' % folder,
        'SlurmctldPidFile=%s/slurmctld.pid' % folder, 'SlurmdPidFile=%s/slurmd.pid' % folder,
        'SlurmctldLogFile=%s/slurmctld.log' % folder, 'SlurmdLogFile=%s/slurmd.log' % folder,
        'JobAcctGatherType=jobacct_gather/none', 'AccountingStorageType=accounting_storage/none',
        'InactiveLimit=0', 'KillWait=5', 'MinJobAge=300',
        '%s State=UNKNOWN' % node,
        'PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP', ''])


class Cluster:
    def __init__(self, folder):
        self.folder = folder
        self.conf = os.path.join(folder, 'slurm.conf')
        self.env = dict(os.environ, SLURM_CONF=self.conf)
        self.started = []

    def run(self, *command, **kwargs):
        return subprocess.run(command, env=self.env, capture_output=True, text=True, **kwargs)

    def wait_idle(self, timeout=60):
        """Until the node takes jobs (``sinfo`` says idle)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.run('sinfo', '-h', '-o', '%T').stdout.strip()
            if state == 'idle':
                return
            time.sleep(0.5)
        raise RuntimeError('the test cluster is not idle after %d s (sinfo: %r); logs in %s'
                           % (timeout, state, self.folder))

    def wait_done(self, job_ids, timeout):
        """Until none of ``job_ids`` is in the queue (polls ``squeue``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            queued = self.run('squeue', '-h', '-j', ','.join(job_ids), '-o', '%i %T').stdout
            if not queued.strip():
                return
            time.sleep(1)
        raise RuntimeError('jobs %s still queued after %d s: %s' % (job_ids, timeout, queued))

    def log(self, name):
        with open(os.path.join(self.folder, name), errors='replace') as f:
            return f.read()


def _start(command, folder, name, **kwargs):
    """A daemon kept in the foreground as this process's child (reaped when stopped)."""
    with open(os.path.join(folder, name + '.out'), 'ab') as log:
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **kwargs)


def _start_munge(folder):
    """munged as the munge user, unless one answers already (then None)."""
    if os.path.exists(MUNGE_SOCKET) and subprocess.run(
            ['munge', '-n'], capture_output=True).returncode == 0:
        return None
    os.makedirs('/run/munge', exist_ok=True)
    shutil.chown('/run/munge', 'munge', 'munge')
    daemon = _start(['munged', '--foreground', '--force'], folder, 'munged', user='munge',
                    group='munge', extra_groups=[])
    deadline = time.monotonic() + 10
    while subprocess.run(['munge', '-n'], capture_output=True).returncode != 0:
        if time.monotonic() > deadline or daemon.poll() is not None:
            raise RuntimeError('munged did not start; see %s/munged.out' % folder)
        time.sleep(0.1)
    return daemon


@contextlib.contextmanager
def cluster(folder):
    """A one-node cluster configured in ``folder``; stopped on leaving, its processes killed."""
    for sub in ('state', 'spool'):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    os.makedirs('/run/slurm', exist_ok=True)
    c = Cluster(folder)
    with open(c.conf, 'w') as f:
        f.write(_config(folder, socket.gethostname().split('.')[0]))
    daemons = [_start_munge(folder)]
    try:
        daemons.append(_start(['slurmctld', '-D', '-c', '-i', '-f', c.conf], folder,
                              'slurmctld', env=c.env))
        daemons.append(_start(['slurmd', '-D', '-c', '-f', c.conf], folder, 'slurmd',
                              env=c.env))
        c.wait_idle()
        yield c
    finally:
        _stop(folder, [d for d in daemons if d is not None])


def _stop(folder, daemons):
    """SIGTERM the daemons, newest first, and wait; kill what is left of the cluster."""
    for daemon in reversed(daemons):
        daemon.terminate()
        try:
            daemon.wait(20)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
    for pid in _running(folder):  # job steps left: nothing stays running
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _running(folder):
    """Processes of this cluster: its daemons and every process started with its SLURM_CONF in
    the environment (its job steps and jobs: slurmd passes it on), nobody else's."""
    mine = ('SLURM_CONF=%s' % os.path.join(folder, 'slurm.conf')).encode()
    found = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        with contextlib.suppress(OSError):
            with open('/proc/%s/environ' % pid, 'rb') as f:
                if mine in f.read().split(b'\0') and int(pid) != os.getpid():
                    found.append(int(pid))
    return found
