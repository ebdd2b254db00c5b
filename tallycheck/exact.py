"""The largest figures tallycheck compares exactly.

The checks compute in double precision, which holds every whole number up to 2^53.
Below it, a sum or difference of two values that lands beyond it can only round to
2^53 or more, never onto a value within the limit: every comparison stays exact.
"""

MAX_EXACT = 2**53 - 1
MAX_EXACT_TEXT = f"±2^53 - 1 = ±{MAX_EXACT:,}"
