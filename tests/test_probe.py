"""The probe cell (cae_tf/grading/probe.py) and the probes' common helpers
(cae_tf/grading/parts/probing.py): what is sent into a student's kernel, and how its values are
read back."""
import dis
import os

import numpy as np
import pytest

from cae_tf.grading import probe, registry
from cae_tf.grading.parts import probing


def _globals_read(code):
    """The global names a function's code (and the code nested in it) reads."""
    names = {i.argval for i in dis.get_instructions(code) if i.opname == 'LOAD_GLOBAL'}
    for const in code.co_consts:
        if hasattr(const, 'co_code'):
            names |= _globals_read(const)
    return names


def _common_names():
    scope = {'__name__': 'cae_tf_probe'}
    exec(compile(probe.common_source(), '<common>', 'exec'), scope)
    import builtins
    return set(scope) | set(dir(builtins))


def test_every_probe_reads_only_numpy_and_the_common_helpers():
    """A probe runs in the kernel with the common scope only: a name of its own module (a
    constant, a helper) would be undefined there."""
    common = _common_names()
    assert {'np', 'session', 'trained_weights', 'apply_own', 'run_fresh', 'collect'} <= common
    for number, function in registry.probes().items():
        assert _globals_read(function.__code__) <= common, number


def test_the_check_finds_a_probe_that_reads_its_own_modules_names():
    def bad(ns, inputs, out):
        out['x'] = np.arange(LIMIT_OF_MODULE)  # noqa: F821
    assert _globals_read(bad.__code__) - _common_names() == {'LIMIT_OF_MODULE'}


def test_the_cell_compiles_and_names_every_part_with_a_probe():
    cell = probe.probe_cell(('/in.npz', '/values.npz', '/errors.json'))
    compile(cell.source, '<probe cell>', 'exec')
    sources = probe.probe_sources()
    assert [n for n, _, _ in sources] == sorted(registry.probes())
    assert all(source.lstrip().startswith('def %s(' % name) for _, name, source in sources)
    assert 'from cae_tf' not in cell.source and 'import cae_tf' not in cell.source
    assert "'/values.npz'" in cell.source


def test_collect_reports_a_probe_that_raises_and_keeps_the_others():
    def good(ns, inputs, out):
        out['a'] = np.arange(3)

    def bad(ns, inputs, out):
        out['b'] = 1
        raise KeyError('weights')
    values, errors = probing.collect({}, {}, {1: good, 2: bad})
    assert sorted(values) == ['1:a', '2:b'] and errors == {'2': "KeyError: 'weights'"}


def test_values_are_read_back_as_arrays_only(tmp_path):
    paths = [str(tmp_path / name) for name in probe.VALUE_FILES]
    np.savez(paths[1], **{'4:loss': np.float32(0.5), '1:rows': np.arange(4)})
    (tmp_path / 'errors.json').write_text('{"3": "NameError: encoder"}')
    notes = []
    values, errors = probe.read_values(paths, notes)
    assert float(values['4:loss']) == 0.5 and values['1:rows'].tolist() == [0, 1, 2, 3]
    assert errors == {'3': 'NameError: encoder'} and notes == []
    np.savez(paths[1], **{'5:x': np.array([object()], dtype=object)})  # a pickle: refused
    values, errors = probe.read_values(paths, notes)
    assert values == {} and errors['5'] == 'a value could not be read'


def test_a_link_or_a_shared_file_the_kernel_planted_is_not_read(tmp_path):
    secret = tmp_path / 'secret'
    secret.write_bytes(b'grader only')
    (tmp_path / 'link').symlink_to(secret)
    with pytest.raises(ValueError, match='symbolic link'):
        probe.read_own_file(str(tmp_path / 'link'))
    os.link(secret, tmp_path / 'hard')
    with pytest.raises(ValueError, match='not a plain file of its own'):
        probe.read_own_file(str(tmp_path / 'hard'))
    big = tmp_path / 'big'
    big.write_bytes(b'0' * 2048)
    with pytest.raises(ValueError, match='larger than'):
        probe.read_own_file(str(big), limit=1024)
    notes = []
    assert probe.read_values([None, str(tmp_path / 'link'), None], notes) == ({}, {})
    assert notes == ['link is a symbolic link: not read']
