"""One PDF per student of their discussions and figures (for a Gradescope PDF assignment or an
archive), printed by headless Chromium, the browser the tests already drive."""
import html
import os
import shutil
import subprocess
import tempfile

from cae_tf.grading.discussions import DISCUSSIONS, answer_html
from cae_tf.grading.feedback import images_html
from cae_tf.review.pages import page

# Headless, and none of Chromium's own connections (refused on a closed network, many at a time).
CHROMIUM_ARGS = ['--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update',
                 '--disable-sync', '--no-pdf-header-footer']


def chromium():
    """The Chromium to print with; ValueError saying how to get one where there is none."""
    found = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which(
        'google-chrome')
    if found is None:
        raise ValueError('--pdf prints with Chromium, which is not installed here (Debian: '
                         'apt-get install chromium)')
    return found


def student_page(entry):
    """The page printed for one student: each discussion's answer above its part's figures."""
    body = '<h1>%s: written answers</h1>' % html.escape(entry.name)
    for number in DISCUSSIONS:
        body += ('<h2>Discussion (%d)</h2>%s<div class="figures">%s</div>'
                 % (number, answer_html(entry.answers[number]),
                    images_html(entry.figures.get(number, []), 'figure')))
    return page('%s: written answers' % entry.name, body)


def print_pdf(html_text, pdf_path, browser=None):
    """Print ``html_text`` to ``pdf_path`` with headless Chromium."""
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, 'page.html')
        with open(source, 'w', encoding='utf-8') as f:
            f.write(html_text)
        argv = [browser or chromium(), *CHROMIUM_ARGS, '--user-data-dir=' + work,
                '--print-to-pdf=' + pdf_path, 'file://' + source]
        if os.geteuid() == 0:
            argv.insert(1, '--no-sandbox')  # Chromium's own sandbox refuses root
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 or not os.path.exists(pdf_path):
        raise ValueError('Chromium could not print %s: %s' % (pdf_path, proc.stderr[-500:]))
    return pdf_path


def print_answers(entries, out_dir):
    """``out_dir/NAME.pdf`` for each entry; return the file names."""
    browser = chromium()
    os.makedirs(out_dir, exist_ok=True)
    names = []
    for entry in entries:
        print_pdf(student_page(entry), os.path.join(out_dir, entry.name + '.pdf'), browser)
        names.append(entry.name + '.pdf')
    return names
