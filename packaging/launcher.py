"""The frozen app's entry script: exactly the `maitred` console script (`maitred.__main__:main`).

PyInstaller needs a script file; pointing it at `src/maitred/__main__.py` itself would put
`src/maitred/` on the analysis path and let its modules shadow top-level names.
"""

import sys

from maitred.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
