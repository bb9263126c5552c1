"""phonenumbers without its geocoding, carrier and time-zone tables (~45 MB of source).

Maitre D only parses, checks and formats numbers (`parse`, `is_possible_number`,
`format_number`): those need the region metadata in `phonenumbers.data`, which it imports by
name at run time (so PyInstaller can't see it), and `phonenumbers.shortdata` for completeness.
The contributed hook collects every submodule, including `geodata` (40 MB).
"""

from PyInstaller.utils.hooks import collect_submodules

hiddenimports = collect_submodules("phonenumbers.data") + collect_submodules("phonenumbers.shortdata")
excludedimports = ["phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata"]
