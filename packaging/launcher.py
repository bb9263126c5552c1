"""The frozen app's entry script: exactly the `maitred` console script (`maitred.__main__:main`).

PyInstaller needs a script file; pointing it at `src/maitred/__main__.py` itself would put
`src/maitred/` on the analysis path and let its modules shadow top-level names.

`maitred --bundle-check MODULE...` is the build's check that the bundle holds what the app loads
late (bundle_check.py, next to this file); packaging/build.py runs it on every build.

`maitred serve` starts its workers as fresh copies of this executable (multiprocessing's spawn);
`freeze_support()` turns such a copy into the worker it was started to be, before anything else.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()

# A worker copy has left in freeze_support() before this import.
from maitred.__main__ import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["--bundle-check"]:
        from bundle_check import main as bundle_check

        sys.exit(bundle_check(sys.argv[2:]))
    sys.exit(main())
