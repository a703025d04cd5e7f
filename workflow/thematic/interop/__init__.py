"""Exchange with the tools coders work in: REFI-QDA projects (.qdpx, .qde) and codebooks (.qdc)
from NVivo, ATLAS.ti, MAXQDA and QualCoder, and coding spreadsheets (.xlsx).

- :mod:`~thematic.interop.archive`: open a .qdpx zip or a bare .qde;
- :mod:`~thematic.interop.project`: what the project XML holds;
- :mod:`~thematic.interop.positions`: what its positions count, and where each selection is;
- :mod:`~thematic.interop.codebook`: its code tree as a thematic codebook;
- :mod:`~thematic.interop.study`: a whole project as a new study folder (``import-qdpx``);
- :mod:`~thematic.interop.coders`: a coder's project or spreadsheet as coding rows in a study.
"""
