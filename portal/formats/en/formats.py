# Dates as people in the UK write them: "27 November 2026", never "Nov. 27, 2026".
# Django's date format letters have no "3:52pm" (its "a" is "p.m."): times of day in
# English go through ``portal.dates.format_time``, which writes them that way.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
