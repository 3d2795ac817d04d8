"""Writes a synthetic moviegoer library of FILMS x FRAMES for benchmarks.

usage: /usr/bin/python3 scripts/bench/make_library.py OUT FILMS FRAMES [--jpegs]

Metadata pickles in the pipeline's real format (face_df, vision_df with
downcast ints, srt_df with datetime.time; protocol 4, as pandas 1.x wrote
them), with realistic shares: ~45% of frames without faces, shots of 2-12 s,
recurring characters per film. JPEGs are not written here (see
scripts/bench/make-jpegs.ts); ingest flags rows without JPEGs.
"""
import datetime
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pipeline  # noqa: E402

WIDTH, HEIGHT = 1920, 800
EMOTIONS = np.array(pipeline.EMOTIONS, dtype=object)


def face_df(rng, n, characters):
    counts = rng.choice([0, 1, 2, 3, 4], size=n, p=[0.45, 0.3, 0.15, 0.07, 0.03])
    centroids = rng.normal(0, 0.1, (characters, 128))
    locations, sizes, encodings, clusters = [], [], [], []
    for count in counts:
        boxes, face_sizes, face_encodings = [], [], []
        for i in range(count):
            side = int(rng.randint(40, 520) if i == 0 else rng.randint(30, 200))
            top, left = int(rng.randint(0, HEIGHT - side)), int(rng.randint(0, WIDTH - side))
            boxes.append((top, left + side, top + side, left))
            face_sizes.append(pipeline.face_size(boxes[-1], WIDTH, HEIGHT))
        cluster = int(rng.randint(0, characters)) if count else None
        for i in range(count):
            face_encodings.append(centroids[cluster if i == 0 else rng.randint(0, characters)] + rng.normal(0, 0.02, 128))
        locations.append(boxes)
        sizes.append(face_sizes)
        encodings.append(face_encodings)
        clusters.append(float(cluster) if cluster is not None else np.nan)
    has = counts > 0
    primary = has & ((counts == 1) | (rng.rand(n) < 0.6))
    centre = np.array([(b[0][1] + b[0][3]) / 2 if b else np.nan for b in locations])
    alignment = np.where(~has, None, np.where(centre < WIDTH * 0.4, "left", np.where(centre > WIDTH * 0.6, "right", None)))
    return pd.DataFrame(
        {
            "face_locations": locations,
            "face_sizes": sizes,
            "face_encodings": encodings,
            "faces_found": counts.astype("int64"),
            "prim_char_flag": primary.astype("int64"),
            "p_center_alignment": alignment,
            "p_horizontal_distance": np.where(has, np.abs(centre - WIDTH / 2).round(), np.nan),
            "p_open_mouth": np.where(primary, rng.randint(0, 2, n).astype(float), np.nan),
            "p_face_cluster": np.where(primary, clusters, np.nan),
            "p_emotion": np.where(primary, EMOTIONS[rng.randint(0, len(EMOTIONS), n)], None),
        },
        index=pd.Index(np.arange(1, n + 1, dtype="int64"), name="frame"),
    )


def vision_df(rng, n):
    shot_lengths = rng.randint(2, 13, n)
    shot_of_frame = np.repeat(np.arange(n), shot_lengths)[:n]
    shot_colour = rng.randint(0, 256, (n, 3))
    colour = np.clip(shot_colour[shot_of_frame] + rng.randint(-8, 9, (n, 3)), 0, 255)
    blank = np.where(rng.rand(n) < 0.03, np.where(rng.rand(n) < 0.8, "black", "white"), None)
    colour[blank == "black"] = 0
    colour[blank == "white"] = 255
    frame = pd.DataFrame(
        {
            "blank": blank,
            "aspect_ratio": np.full(n, 2.39),
            "brightness": (colour @ [0.299, 0.587, 0.114]).round().astype("int64"),
            "contrast": rng.randint(0, 100, n).astype("int64"),
            "blue": colour[:, 2].astype("int64"),
            "green": colour[:, 1].astype("int64"),
            "red": colour[:, 0].astype("int64"),
            "shot_cluster": (shot_of_frame % 97).astype("int64"),
            "shot_id": shot_of_frame.astype("int64"),
        },
        index=pd.Index(np.arange(1, n + 1, dtype="int64"), name="frame"),
    )
    return frame.apply(pd.to_numeric, errors="ignore", downcast="integer")


def srt_df(rng, n):
    rows, second = [], 1.0
    while second < n - 5:
        start = second + rng.uniform(0, 6)
        end = start + rng.uniform(0.8, 4)
        rows.append((f"line {len(rows) + 1}", start, end))
        second = end
    as_time = lambda s: (datetime.datetime.min + datetime.timedelta(seconds=s)).time()
    return pd.DataFrame(
        {"original_text": [r[0] for r in rows], "start_time": [as_time(r[1]) for r in rows], "end_time": [as_time(r[2]) for r in rows]},
        index=pd.Index(np.arange(1, len(rows) + 1, dtype="int64"), name="srt_index"),
    )


def main(out, films, frames):
    for f in range(films):
        film = f"bench_film_{f:03d}_2020"
        folder = os.path.join(out, "serialized_objects", film)
        if os.path.exists(os.path.join(folder, "srt_df.pkl")):
            continue
        os.makedirs(folder, exist_ok=True)
        os.makedirs(os.path.join(out, "frame_per_second", film), exist_ok=True)
        rng = np.random.RandomState(f)
        face_df(rng, frames, 30).to_pickle(os.path.join(folder, "face_df.pkl"), protocol=4)
        vision_df(rng, frames).to_pickle(os.path.join(folder, "vision_df.pkl"), protocol=4)
        srt_df(rng, frames).to_pickle(os.path.join(folder, "srt_df.pkl"), protocol=4)
        print(f"{film}: {frames} frames", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
