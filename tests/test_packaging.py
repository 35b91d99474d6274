"""environment.yml agrees with pyproject.toml; the packaged MNIST matches its manifest."""
import gzip
import hashlib
import json
import os
import re
import tomllib

from packaging.requirements import Requirement

from cae_tf.handout import input_data

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def conda_pins():
    """{package: version} of environment.yml's dependency lines, each checked for a comment."""
    pins = {}
    with open(os.path.join(ROOT, 'environment.yml')) as f:
        for line in f:
            match = re.match(r'\s+- ([A-Za-z0-9_.-]+)(?:=|==)([0-9.*]+)\s*(#.*)?$', line)
            if match:
                name, version, comment = match.groups()
                assert comment and len(comment) > 5, 'no comment saying why: ' + line
                pins[name.lower()] = version.rstrip('.*')
    return pins


def test_environment_yml_pins_satisfy_pyproject():
    with open(os.path.join(ROOT, 'pyproject.toml'), 'rb') as f:
        project = tomllib.load(f)['project']
    requirements = project['dependencies'] + project['optional-dependencies']['test']
    pins = conda_pins()
    for text in requirements:
        req = Requirement(text)
        assert req.name.lower() in pins, '%s missing from environment.yml' % req.name
        assert req.specifier.contains(pins[req.name.lower()] + '.0', prereleases=True), \
            'environment.yml pins %s %s outside %s' % (req.name, pins[req.name.lower()], text)
        assert pins[req.name.lower()].count('.') == 1, 'pin %s to a minor version' % req.name
    py_min = project['requires-python'].lstrip('>=')
    assert tuple(map(int, pins['python'].split('.'))) >= tuple(map(int, py_min.split('.')))


def test_packaged_mnist_matches_manifest():
    with open(os.path.join(input_data.PACKAGED_DIR, 'MANIFEST.json')) as f:
        manifest = json.load(f)['files']
    assert sorted(manifest) == sorted([input_data.TRAIN_IMAGES, input_data.TRAIN_LABELS,
                                       input_data.TEST_IMAGES, input_data.TEST_LABELS])
    for name, entry in manifest.items():
        with gzip.open(os.path.join(input_data.PACKAGED_DIR, name)) as f:
            content = f.read()
        assert len(content) == entry['bytes']
        assert hashlib.sha256(content).hexdigest() == entry['sha256']
