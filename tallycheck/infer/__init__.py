"""``tallycheck init``: a starting schema guessed from a table, with the reason for each guess.

``draft.draft_schema`` reads a parsed table into a ``Draft``: each column's type
(as tallycheck's own types parse its cells, ``columns``), the series and order
the rows follow (``walk``), the rules that hold or nearly hold on the data,
judged by tallycheck's own rules (``rules``), and a shipped schema the table
fits (``fit``). ``writer.schema_text`` writes the draft as a commented schema.
"""
