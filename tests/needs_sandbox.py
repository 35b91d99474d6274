"""``needs_sandbox``: skip a test, saying why, where bubblewrap cannot isolate a submission
(``make test`` installs it where it can: as root, with apt-get)."""
import pytest

from cae_tf.grading import sandbox

try:
    sandbox.check()
    REASON = None
except sandbox.SandboxError as e:
    REASON = str(e)

needs_sandbox = pytest.mark.skipif(REASON is not None, reason='grading needs the sandbox: %s'
                                   % REASON)
