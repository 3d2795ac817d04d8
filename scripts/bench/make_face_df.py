"""Writes a realistic face_df of N frames (see docs/data-model.md) for benchmarks.

usage: /usr/bin/python3 scripts/bench/make_face_df.py N OUT.pkl [PROTOCOL]
About half the frames have faces; each face has a (top, right, bottom, left)
box, a size and a 128-d float64 encoding, as face_recognition writes them:
make_library.py's face_df, for one film of 40 characters.
"""
import sys

import numpy as np

from make_library import face_df


def main(n, out, protocol):
    face_df(np.random.RandomState(7), n, 40).to_pickle(out, protocol=protocol)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 4)
