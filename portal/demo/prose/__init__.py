"""The words on the demo pages, in English (``en``).

Page bodies are lists of ``(block, text)`` pairs, where block is ``heading``,
``paragraph`` or ``inset_text``. Translations are in ``portal/demo/strings/``, keyed
by the English; any string without one stays in English until a translator does it.
"""
