"""Date and time formats, and month names, for site languages Django has none for.

Django ships formats and a catalogue for Polish, Romanian, Spanish, Portuguese,
Bengali, Urdu and Arabic, but not for Gujarati or Somali, whose pages would
otherwise show "Nov. 17, 2026". ``FORMAT_MODULE_PATH`` points here; the month names
are in ``month_names`` so that our own catalogues (``locale/``) carry them.
"""
