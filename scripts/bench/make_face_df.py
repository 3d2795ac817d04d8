"""Writes a realistic face_df of N frames (see docs/data-model.md) for benchmarks.

usage: /usr/bin/python3 scripts/bench/make_face_df.py N OUT.pkl [PROTOCOL]
About half the frames have faces; each face has a (top, right, bottom, left)
box, a size and a 128-d float64 encoding, as face_recognition writes them.
"""
import sys

import numpy as np
import pandas as pd

WIDTH, HEIGHT = 1920, 800


def main(n, out, protocol):
    rng = np.random.RandomState(7)
    counts = rng.choice([0, 1, 2, 3, 4], size=n, p=[0.45, 0.3, 0.15, 0.07, 0.03])
    locations, sizes, encodings = [], [], []
    for count in counts:
        boxes, face_sizes, face_encodings = [], [], []
        for _ in range(count):
            side = int(rng.randint(60, 500))
            top, left = int(rng.randint(0, HEIGHT - side)), int(rng.randint(0, WIDTH - side))
            boxes.append((top, left + side, top + side, left))
            face_sizes.append(round(side * side * 100 / (WIDTH * HEIGHT), 2))
            face_encodings.append(rng.normal(0, 0.1, 128))
        locations.append(boxes)
        sizes.append(face_sizes)
        encodings.append(face_encodings)
    has_face = counts > 0
    frame = pd.DataFrame(
        {
            "face_locations": locations,
            "face_sizes": sizes,
            "face_encodings": encodings,
            "faces_found": counts.astype("int64"),
            "prim_char_flag": has_face.astype("int64"),
            "p_center_alignment": [rng.choice(["left", "right"]) if f else None for f in has_face],
            "p_horizontal_distance": np.where(has_face, rng.uniform(0, 900, n).round(), np.nan),
            "p_open_mouth": np.where(has_face, rng.randint(0, 2, n).astype(float), np.nan),
            "p_face_cluster": np.where(has_face, rng.randint(0, 40, n).astype(float), np.nan),
            "p_emotion": [rng.choice(["happy", "sad", "neutral", "angry", "surprise", "fear", "disgust"]) if f else None for f in has_face],
        },
        index=pd.Index(np.arange(1, n + 1, dtype="int64"), name="frame"),
    )
    frame.to_pickle(out, protocol=protocol)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 4)
