"""The words on the demo pages: English in ``en``, translations keyed by the English.

Page bodies are lists of ``(block, text)`` pairs, where block is ``heading``,
``paragraph`` or ``inset_text``. Translations map an English string to its
translation; any string without one stays in English until a translator does it.
"""
