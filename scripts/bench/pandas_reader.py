"""Times pandas.read_pickle for the benchmark: reads a path per stdin line, answers seconds."""
import sys
import time

import pandas as pd

print(pd.__version__, flush=True)
for line in sys.stdin:
    started = time.perf_counter()
    pd.read_pickle(line.strip())
    print(time.perf_counter() - started, flush=True)
