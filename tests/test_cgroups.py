"""What the grader reads from cgroup files, on fixtures written as Linux lays them out
(Documentation/admin-guide/cgroup-v2.rst and cgroup-v1/memory.rst)."""
from cae_tf.grading import cgroups


def write(folder, name, counts):
    (folder / name).write_text(''.join('%s %d\n' % item for item in counts.items()))


def test_machine_kills_on_cgroup_v2_leave_out_the_submissions_own(tmp_path, monkeypatch):
    """v2's memory.events is hierarchical: a submission's cgroup (a child of the grader's) killed
    for memory counts there too, and would read as the machine's kill beside every other row."""
    monkeypatch.setattr(cgroups, '_own_path', lambda controller: (str(tmp_path), 2))
    write(tmp_path, 'memory.events', {'low': 0, 'high': 0, 'max': 9, 'oom': 3, 'oom_kill': 3})
    assert cgroups.machine_oom_kills() == 3  # a kernel older than 5.7: no .local file
    write(tmp_path, 'memory.events.local', {'low': 0, 'high': 0, 'max': 2, 'oom': 1,
                                            'oom_kill': 1, 'oom_group_kill': 0})
    assert cgroups.machine_oom_kills() == 1


def test_machine_kills_on_cgroup_v1_are_the_cgroups_own(tmp_path, monkeypatch):
    monkeypatch.setattr(cgroups, '_own_path', lambda controller: (str(tmp_path), 1))
    write(tmp_path, 'memory.oom_control', {'oom_kill_disable': 0, 'under_oom': 0, 'oom_kill': 4})
    assert cgroups.machine_oom_kills() == 4
    monkeypatch.setattr(cgroups, '_own_path', lambda controller: None)
    assert cgroups.machine_oom_kills() == 0
