"""Code as normalised tokens, and its fingerprints: k-grams of tokens, hashed, winnowed (Schleimer,
Wilkerson and Aiken, "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003, the
algorithm of MOSS).

Normalising makes renaming and re-laying-out worthless: comments and layout are dropped, every
string literal becomes ``S`` and every number ``N``, and every name becomes ``V`` but Python's
keywords and builtins and the attribute names after a dot (``tf.nn.tanh`` stays ``V . nn .
tanh``: a library's names are not the student's to choose). Any run of ``K + W - 1`` or more
tokens shared by two texts gives both at least one common fingerprint.
"""
import builtins
import collections
import hashlib
import keyword
import re

K = 12  # tokens per k-gram: shorter runs are what any two answers to the homework share
W = 8  # winnowing window: a shared run of K + W - 1 = 19 tokens is always seen

TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>(?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'
                                    |"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))
  | (?P<number>(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?[jJ]?)
  | (?P<name>[^\W\d]\w*)
  | (?P<op>\*\*=?|//=?|->|:=|<<=?|>>=?|[-+*/%@&|^<>=!]=|[-+*/%@&|^~<>=.,:;()\[\]{}])
''', re.VERBOSE)
KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(dir(builtins))

Token = collections.namedtuple('Token', 'text line')


def tokens(lines):
    """The normalised tokens of ``lines`` (``[(line id, source)]``), each with its line's id."""
    found = []
    for line_id, source in lines:
        previous = None
        for match in TOKEN.finditer(source):
            kind, text = match.lastgroup, match.group()
            if kind == 'comment':
                continue
            if kind in ('string', 'number'):
                text = 'S' if kind == 'string' else 'N'
            elif kind == 'name' and text not in KEPT_NAMES and previous != '.':
                text = 'V'
            found.append(Token(text, line_id))
            previous = match.group()
    return found


def kgram_hashes(toks, k=K):
    """The hash of every k-gram of ``toks`` (64 bits of BLAKE2b: the same on every machine)."""
    texts = [t.text for t in toks]
    return [int.from_bytes(hashlib.blake2b(' '.join(texts[i:i + k]).encode(),
                                           digest_size=8).digest(), 'big')
            for i in range(len(texts) - k + 1)]


def winnow(hashes, w=W):
    """Positions chosen by winnowing: in each window of ``w`` hashes the smallest, the rightmost
    of equals; each position once."""
    chosen = []
    for start in range(max(1, len(hashes) - w + 1)):
        window = hashes[start:start + w]
        if not window:
            break
        smallest = min(window)
        position = start + max(i for i, h in enumerate(window) if h == smallest)
        if not chosen or chosen[-1] != position:
            chosen.append(position)
    return chosen


class Fingerprints:
    """A text's fingerprints: ``chosen``, the winnowed hashes, and ``every``, the set of all its
    k-gram hashes (to look another text's chosen ones up in), and the lines of each k-gram."""

    def __init__(self, lines, k=K, w=W):
        toks = tokens(lines)
        hashes = kgram_hashes(toks, k)
        self.every = set(hashes)
        self.chosen = {hashes[position] for position in winnow(hashes, w)}
        self.kgrams = [(h, {t.line for t in toks[i:i + k]}) for i, h in enumerate(hashes)]

    def lines(self, hashes):
        """The line ids of the k-grams whose hash is in ``hashes``."""
        return set().union(*(lines for h, lines in self.kgrams if h in hashes))
