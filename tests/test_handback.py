"""Feedback pages handed back in the layouts the platforms' bulk uploads read. The fixtures are
those platforms' own matching rules, written here from their code: Canvas's re-upload
(``Assignment#infer_comment_context_from_filename``: the file's name split at ``_``, its first two
all-digit parts are the user id and the submission's attachment id; names starting ``._`` are
ignored) and Moodle's feedback zip (``assignfeedback_file_zip_importer``: a name part split at
``_`` into at most five must give a numeric participant id second and a plugin type and name
third and fourth; names starting ``.`` or ``~`` are ignored)."""
import os
import subprocess
import sys
import zipfile

import pytest

from cae_tf.grading import handback, rows

CANVAS_DOWNLOAD = ['doejohn_12345_678_HW06', 'leekangsan_LATE_22222_9001_KangsanLee_HW06',
                   'stranger_HW06']  # the last was renamed by hand: no ids left
MOODLE_DOWNLOAD = ['Ann Lee_123456_assignsubmission_file_cae_student',
                   'Bo Kim_123457_assignsubmission_file_HW06 final', 'cae_student']


def canvas_reads(member):
    """``(user id, attachment id)`` as Canvas reads a re-uploaded file's name, or None."""
    name = os.path.basename(member)
    digits = [p for p in name.split('_') if p.isdigit()][:2]
    return None if len(digits) < 2 or name.startswith('._') else tuple(digits)


def moodle_reads(member):
    """``(participant id, plugin)`` as Moodle reads a feedback zip's file name, or None."""
    for part in member.split('/'):
        info = part.split('_', 4)
        if part.startswith(('.', '~')) or len(info) < 4 or not info[1].isdigit():
            continue
        return info[1], '%s_%s' % (info[2], info[3])
    return None


def graded(folder, names):
    os.makedirs(os.path.join(folder, 'feedback'))
    for name in names:
        with open(os.path.join(folder, 'feedback', name + '.html'), 'w', encoding='utf-8') as f:
            f.write('<p>feedback of %s</p>' % name)
    rows.write_rows(os.path.join(folder, 'grades.csv'),
                    {n: rows.zero_row(n, 'ok') for n in names})
    return folder


READ_AS = {  # platform: (its download's names, how it reads a page's name, what it should read)
    'canvas': (CANVAS_DOWNLOAD, canvas_reads, {
        ('12345', '678'): 'doejohn_12345_678_HW06',
        ('22222', '9001'): 'leekangsan_LATE_22222_9001_KangsanLee_HW06'}),
    'moodle': (MOODLE_DOWNLOAD, moodle_reads, {
        ('123456', 'assignfeedback_file'): 'Ann Lee_123456_assignsubmission_file_cae_student',
        ('123457', 'assignfeedback_file'): 'Bo Kim_123457_assignsubmission_file_HW06 final'}),
}


@pytest.mark.parametrize('platform', sorted(READ_AS))
def test_the_platform_reads_each_page_as_its_students(tmp_path, platform):
    download, reads, expected = READ_AS[platform]
    folder = graded(str(tmp_path / 'grades'), download)
    out = str(tmp_path / (platform + '.zip'))
    left_out = handback.handback(os.path.join(folder, 'feedback'), platform, out, download)
    assert left_out == [download[-1]]  # its name holds no ids
    with zipfile.ZipFile(out) as archive:
        read = {reads(m): archive.read(m).decode() for m in archive.namelist()}
    assert read == {key: '<p>feedback of %s</p>' % name for key, name in expected.items()}


def test_the_command_says_what_it_left_out(tmp_path):
    folder = graded(str(tmp_path / 'grades'), CANVAS_DOWNLOAD)
    proc = subprocess.run([sys.executable, '-m', 'cae_tf', 'handback', '--grades', folder,
                           '--platform', 'canvas', '--out', str(tmp_path / 'c.zip')],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        '2 pages in %s' % (tmp_path / 'c.zip'),
        'left out (no canvas ids in its file name, or no page): stranger_HW06']
    with pytest.raises(ValueError, match='unknown platform'):
        handback.handback(folder, 'blackboard', str(tmp_path / 'x.zip'), [])
