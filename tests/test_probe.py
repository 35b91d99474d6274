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


def _npy(shape, dtype='<f8'):
    """An npy header declaring ``shape`` (the bytes after it are the caller's)."""
    import io
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {'descr': dtype, 'fortran_order': False,
                                               'shape': shape})
    return out.getvalue()


def test_a_bomb_is_refused_before_it_is_inflated(tmp_path):
    """values.npz of 230 KB whose member inflates to 256 MB: its declared size refuses it."""
    import resource
    import zipfile
    path = tmp_path / 'values.npz'
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as archive:
        with archive.open('5:x.npy', 'w', force_zip64=True) as member:
            member.write(_npy((32 * 1024 ** 2,)))
            for _ in range(256):
                member.write(bytes(1024 ** 2))
    assert path.stat().st_size < 1024 ** 2
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    notes = []
    assert probe.read_values([None, str(path), None], notes) == ({}, {})
    assert notes == ['values.npz would inflate past 64 MB or 4096 arrays: not read']
    grew_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grew_kb < 32 * 1024, grew_kb  # nothing inflated (a new peak of 256 MB otherwise)


def test_an_array_that_declares_more_than_it_holds_is_not_read(tmp_path):
    import zipfile
    path = tmp_path / 'values.npz'
    with zipfile.ZipFile(path, 'w') as archive:
        archive.writestr('4:loss.npy', _npy(()) + np.float64(0.5).tobytes())
        archive.writestr('5:x.npy', _npy((10 ** 12,)) + bytes(80))  # 8 TB declared, 80 B held
        archive.writestr('6:y.npy', _npy((100,)) + bytes(80))  # cut short
    values, errors = probe.read_arrays(path.read_bytes())
    assert sorted(values) == ['4:loss'] and float(values['4:loss']) == 0.5
    assert errors == {'5': 'a value could not be read', '6': 'a value could not be read'}


def test_arrays_read_back_equal_what_numpy_wrote(tmp_path):
    arrays = {'1:rows': np.arange(12, dtype=np.int64).reshape(3, 4),
              '3:keys': np.array(['decoder1', 'encoder1']), '4:f': np.asfortranarray(
                  np.random.RandomState(0).rand(3, 5).astype(np.float32)), '5:empty': np.zeros(0)}
    np.savez(tmp_path / 'values.npz', **arrays)
    values, errors = probe.read_arrays((tmp_path / 'values.npz').read_bytes())
    assert errors == {} and sorted(values) == sorted(arrays)
    for key, array in arrays.items():
        assert values[key].dtype == array.dtype
        np.testing.assert_array_equal(values[key], array)
    values['1:rows'][0, 0] = 7  # a judge may write into them, as into np.load's
