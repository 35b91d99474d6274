"""Feedback pages handed back through the platform the hand-ins came from, as one zip in the
layout its bulk upload reads (``python -m cae_tf handback``).

The student is named by the hand-in's file name as the platform downloaded it, so each layout
keeps the part of that name the platform matches on:

- Canvas, "Re-Upload Submissions": a file's name split at ``_`` must hold the student's user id
  and the submission's attachment id as its first two all-digit parts, as in the download
  ``doejohn_12345_678_HW06.ipynb`` (Canvas then attaches the file to that submission as a
  comment); the page is ``doejohn_12345_678_feedback.html``.
- Moodle, "Upload multiple feedback files in a zip": a name ``Full Name_PARTICIPANT_PLUGIN_...``
  with the numeric participant id of the download (``Ann Lee_123456_assignsubmission_file_...``);
  the page is ``Ann Lee_123456_assignfeedback_file_feedback.html``.

(Gradescope shows its own page: results.json's output.) A hand-in whose name the platform could
not match is left out of the zip and named in the report.
"""
import os
import re
import zipfile

PLATFORMS = ('canvas', 'moodle')
MOODLE_NAME = re.compile(r'^([^_/]+)_(\d+)_[a-z]+_[a-z]+(_|$)')
_DATE = (1980, 1, 1, 0, 0, 0)


def canvas_name(submission):
    """The page's name for Canvas's re-upload, or None where ``submission`` lacks the ids."""
    parts = submission.split('_')
    digits = [i for i, part in enumerate(parts) if part.isdigit() and part.isascii()]
    if len(digits) < 2 or submission.startswith('._'):
        return None
    return '_'.join(parts[:digits[1] + 1]) + '_feedback.html'


def moodle_name(submission):
    """The page's name for Moodle's feedback zip, or None where ``submission`` lacks the id."""
    match = MOODLE_NAME.match(submission)
    if match is None or submission.startswith(('.', '~')):
        return None
    return '%s_%s_assignfeedback_file_feedback.html' % match.group(1, 2)


def handback(feedback_dir, platform, out_path, submissions):
    """Write ``out_path``, a zip of the pages ``feedback_dir/NAME.html`` of ``submissions`` named
    as ``platform`` matches them; return the submissions left out (no name to match)."""
    if platform not in PLATFORMS:
        raise ValueError('unknown platform %r: one of %s' % (platform, ', '.join(PLATFORMS)))
    rename = canvas_name if platform == 'canvas' else moodle_name
    placed, left_out = {}, []
    for name in sorted(submissions):
        target, page = rename(name), os.path.join(feedback_dir, name + '.html')
        if target is None or not os.path.exists(page) or target in placed:
            left_out.append(name)
            continue
        placed[target] = page
    partial = out_path + '.partial'
    with zipfile.ZipFile(partial, 'w', zipfile.ZIP_DEFLATED) as archive:
        for target, page in sorted(placed.items()):
            info = zipfile.ZipInfo(target, _DATE)
            info.external_attr = 0o644 << 16
            with open(page, 'rb') as f:
                archive.writestr(info, f.read(), zipfile.ZIP_DEFLATED)
    os.replace(partial, out_path)
    return left_out
