"""The seed's way of selecting frames, timed: pandas boolean masks over the loaded DataFrames.

usage: /usr/bin/python3 scripts/bench/pandas_queries.py LIBRARY
Loads every film's face_df and vision_df (as the seed's read_pickle helper does),
prints "ready <frames>", then for each query name on stdin answers the seconds
it took and the number of frames it selected.
"""
import os
import sys
import time

import numpy as np
import pandas as pd


def load(root):
    frames = []
    for film in sorted(os.listdir(os.path.join(root, "serialized_objects"))):
        folder = os.path.join(root, "serialized_objects", film)
        face = pd.read_pickle(os.path.join(folder, "face_df.pkl"))
        vision = pd.read_pickle(os.path.join(folder, "vision_df.pkl"))
        joined = face.join(vision)
        joined.insert(0, "film", film)
        frames.append(joined)
    return pd.concat(frames)


def lab(rgb):
    c = rgb / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    xyz = c @ np.array([[0.4124564, 0.2126729, 0.0193339], [0.3575761, 0.7151522, 0.119192], [0.1804375, 0.072175, 0.9503041]])
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def queries(df):
    def page(mask):
        return int(mask.sum()), df[mask].head(200)

    def medium_close_up():
        size = df.face_sizes.str[0]
        return page((df.prim_char_flag == 1) & (size > 4) & (size < 20))

    def colour():
        target = lab(np.array([[200.0, 120.0, 40.0]]))[0]
        distance = np.sqrt(((lab(df[["red", "green", "blue"]].to_numpy(dtype=float)) - target) ** 2).sum(axis=1))
        return page(distance <= 10)

    def facet_emotion():
        counts = df[df.faces_found >= 1].p_emotion.value_counts(dropna=False)
        return int(counts.sum()), counts

    half = len(df) // 2

    def sort_deep():
        ordered = df.sort_values("brightness", ascending=False, kind="stable")
        return len(ordered), ordered.iloc[half : half + 200]

    # A user scrolling a sort in a notebook keeps the sorted frame and slices it.
    kept = df.sort_values("brightness", ascending=False, kind="stable")
    windows = iter(range(half, len(df), 200))

    def sorted_window():
        start = next(windows)
        return len(kept), kept.iloc[start : start + 200]

    def histogram():
        size = df.face_sizes.str[0].dropna()
        counts, _ = np.histogram(size, bins=24)
        return int(counts.sum()), counts

    return {
        "medium_close_up": medium_close_up,
        "faces_ge_2": lambda: page(df.faces_found >= 2),
        "emotion_alignment": lambda: page((df.p_emotion == "happy") & (df.p_center_alignment == "left")),
        "colour": colour,
        "facet_emotion": facet_emotion,
        "sort_deep": sort_deep,
        "sorted_window": sorted_window,
        "histogram": histogram,
    }


def main(root):
    df = load(root)
    table = queries(df)
    print(f"ready {len(df)}", flush=True)
    for line in sys.stdin:
        started = time.perf_counter()
        count, _ = table[line.strip()]()
        print(f"{time.perf_counter() - started} {count}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
