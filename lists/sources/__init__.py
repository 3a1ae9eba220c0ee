"""One parser module per official list format. Every module has the same roles:

    SOURCE: str                      the fixed source id (us_ofac_sdn, ...)
    TITLE: str                       the list's official name
    PUBLISHER: str
    def parse(path: Path) -> Parsed  read the native file (or folder) at `path`

and raises lists.errors.ListError naming the file, where and why when the
input is empty, truncated, foreign or malformed.
"""
