"""Table files in, one ``Table`` of text cells out: a reader per input format.

``read.read_table`` picks the reader by the file's suffix from its registry;
``frame.table_from_frame`` wraps a DataFrame handed to the API. Each reader
module (``delimited``, ``json_array``, ``json_lines``, ``parquet``) gives the
cells as an Arrow table of strings and the line of each row. What they share
has one home each: the ``Table`` value (``table``), the problem they raise
(``problem``), the bounded, checked bytes of a text file (``table_bytes``),
column names and the column limit (``names``), and values turned into cell
text (``text``). Nothing is imported here, so that importing ``Table`` loads
no reader.
"""
