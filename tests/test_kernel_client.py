"""The client that runs a submission's cells keeps a bounded share of what its kernel sends
(cae_tf/grading/kernel.py), without a kernel: messages given to it as nbclient would.
Whole hostile hand-ins against the worker's memory: test_bounded.py."""
import nbformat

from cae_tf.grading import kernel

MB = 1024 ** 2


def client(limit=4 * MB):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('x') for _ in range(8)])
    given = kernel.Client(nb, km=None)
    given.output_limit = limit
    given.clear_before_next_output = False  # as nbclient sets it when a cell starts
    return given, nb


def message(msg_type, content, display_id=None):
    if display_id:
        content = dict(content, transient={'display_id': display_id})
    return {'msg_type': msg_type, 'header': {'msg_type': msg_type}, 'content': content,
            'parent_header': {'msg_id': 'm'}, 'metadata': {}, 'buffers': []}


def stream(size):
    return message('stream', {'name': 'stdout', 'text': 'x' * size})


def kept(nb):
    return sum(len(o.get('text', '')) + sum(len(v) for v in o.get('data', {}).values())
               for cell in nb.cells for o in cell.outputs)


def test_content_is_sized_at_any_depth_without_serialising_it():
    deep = []
    for _ in range(100000):
        deep = [deep]
    assert kernel.content_size({'data': {'text/plain': 'x' * 10, 'deep': deep}}) == 4 + 10 + 10 + 4
    assert kernel.content_size({'n': 5, 'b': b'12'}) == 2 + 8 + 2


def test_text_is_cut_per_cell_and_in_all():
    given, nb = client()
    for index in range(8):
        for _ in range(3):  # 3 MB a cell, under its 4 MB
            given.process_message(stream(MB), nb.cells[index], index)
    # five cells whole (15 MB and their keys), then the sixth's first MB is past 16 MB in all
    # (4 x the limit): nothing more is kept
    assert kept(nb) == 15 * MB and given.all_cut == 5 and given.cut == []
    given, nb = client()
    given.process_message(stream(5 * MB), nb.cells[0], 0)
    assert given.cut == [0] and kept(nb) == 0


def test_updates_in_place_are_counted_and_cut():
    given, nb = client()
    given.process_message(message('display_data', {'data': {'text/plain': 'x'},
                                                   'metadata': {}}, 'd'), nb.cells[0], 0)
    for _ in range(30):  # each replaces the display's data: counted every time
        given.process_message(message('update_display_data', {
            'data': {'text/plain': 'y' * MB}, 'metadata': {}}, 'd'), nb.cells[0], 0)
    assert given.cut == [0] and nb.cells[0].outputs[0]['data']['text/plain'] == 'y' * MB
    assert given.text_bytes[0] > 30 * MB


def test_widget_messages_are_never_kept():
    given, nb = client()
    for i in range(3):
        given.process_message(message('comm_msg', {'comm_id': 'c', 'data': {
            'method': 'update', 'state': {'v%d' % i: 'x' * MB}}}), nb.cells[0], 0)
    assert given.widget_state == {} and given.widget_buffers == {} and kept(nb) == 0
