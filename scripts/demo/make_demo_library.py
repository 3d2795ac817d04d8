#!/usr/bin/env python3
"""Write the embedded demo library's pickles, frame sizes and the seed's answers.

Usage:  /usr/bin/python3 make_demo_library.py OUTDIR [--truth FILE]

Run it with pandas 1.5 (Debian's python3-pandas), as scripts/demo/make-demo-library.sh does.
For each film of demo_films.FILMS it writes OUTDIR/serialized_objects/<film>/{face_df,
vision_df,srt_df,subtitle_df,sentence_df}.pkl (protocol 4, the moviegoer pipeline's dtypes)
and OUTDIR/frame_sizes.json, the JPEG size per film that face_sizes were computed against
(lib/demo/render.ts draws the frames at that size). FILE (default OUTDIR/demo-truth.json)
gets what the seed notebook's pandas code selects from the pickles as read back.

Deterministic: numpy's legacy RandomState stream, one fixed seed per film.
"""
import argparse
import json
import math
import os
import sys
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pipeline import EMOTIONS, face_size  # noqa: E402

from demo_films import FILMS
import demo_subtitles as subs
from demo_truth import compact_json, seed_truth, summary

PROTOCOL = 4
PICKLES = ("srt_df", "subtitle_df", "sentence_df", "vision_df", "face_df")
SAME_PERSON = 0.6  # face_recognition's tolerance


def picture_rect(width, height, aspect_ratio):
    """(top, height) of the picture inside the frame; lib/demo/render.ts mirrors this."""
    if aspect_ratio > width / height + 0.02:
        picture = math.floor(width / aspect_ratio)
        return (height - picture) // 2, picture
    return 0, height


class Film:
    def __init__(self, spec):
        self.spec = spec
        self.rs = np.random.RandomState(spec["seed"])
        self.width, self.height = spec["width"], spec["height"]
        self.pic_top, self.pic_h = picture_rect(self.width, self.height, spec["aspect_ratio"])
        self.cast = list(spec["cast"])
        self.centroids = {}
        self.common = self.rs.normal(-0.02, 0.05, 128)  # dlib embeddings share an offset
        self.extras = 0
        self.setups = []

    # ---- identities -------------------------------------------------------------------

    def identity(self, name):
        """A person's encoding centroid, kept well apart from everyone else's."""
        if name not in self.centroids:
            while True:
                c = self.common + self.rs.normal(0, 0.055, 128)
                if all(np.linalg.norm(c - o) > 0.8 for o in self.centroids.values()):
                    break
            self.centroids[name] = c
        return name

    def extra(self):
        self.extras += 1
        return self.identity("extra_%d" % self.extras)

    # ---- camera setups ----------------------------------------------------------------

    def face(self, who, size, cx, ty):
        """A face of `size` % of the frame centred at cx (fraction of width), ty placing it vertically."""
        w = int(round(math.sqrt(size / 100 * self.width * self.height)))
        h = min(self.pic_h - 2, int(round(w * self.rs.uniform(0.96, 1.04))))
        return {"who": who, "w": w, "h": h, "cx": cx, "ty": ty}

    def setup(self, kind, faces, colour):
        jitter = self.rs.randint(-14, 15, 3)
        s = {"kind": kind, "faces": faces, "contrast": int(self.rs.randint(22, 78)),
             "colour": [int(np.clip(c + j, 12, 243)) for c, j in zip(colour, jitter)]}
        self.setups.append(s)
        return s

    def single(self, who, size, side, colour, kind):
        cx = {"left": self.rs.uniform(0.26, 0.4), "right": self.rs.uniform(0.6, 0.74),
              "centre": self.rs.uniform(0.44, 0.56)}[side]
        faces = [self.face(who, size, cx, self.rs.uniform(0.08, 0.4))]
        if kind == "mcu" and self.rs.randint(0, 5) == 0:  # someone small in the background
            small = self.face(self.extra(), size * self.rs.uniform(0.1, 0.3), 1 - cx, self.rs.uniform(0.2, 0.5))
            faces.append(small)
        return self.setup(kind, faces, colour)

    def over_shoulder(self, who, other, colour):
        big = self.rs.uniform(5, 12)
        faces = [self.face(who, big, self.rs.uniform(0.58, 0.7), self.rs.uniform(0.15, 0.35)),
                 self.face(other, big * self.rs.uniform(0.3, 0.5), self.rs.uniform(0.12, 0.24), 0.5)]
        if self.rs.randint(0, 4) == 0:  # the detector listed the smaller face first: no primary
            faces.reverse()
        return self.setup("ots", faces, colour)

    def together(self, people, low, high, colour, kind):
        size = self.rs.uniform(low, high)
        xs = np.linspace(0.2, 0.8, len(people)) + self.rs.uniform(-0.05, 0.05, len(people))
        faces = [self.face(p, size * self.rs.uniform(0.85, 1.15), x, self.rs.uniform(0.25, 0.55))
                 for p, x in zip(people, xs)]
        order = self.rs.permutation(len(faces))
        return self.setup(kind, [faces[i] for i in order], colour)

    # ---- scenes -----------------------------------------------------------------------

    def scene_setups(self, kind, people, colour):
        """Setups a scene cuts between, keyed by whose shot they are (None: nobody's)."""
        rs = self.rs
        out = {}
        if kind == "establishing":
            crowd = [self.extra() for _ in range(rs.randint(0, 4))]
            out[None] = [self.together(crowd, 0.15, 0.9, colour, "wide") if crowd
                         else self.setup("empty", [], colour)]
            return out
        sides = ["left", "right"] if len(people) == 2 else ["left", "right", "centre", "left"]
        for i, who in enumerate(people):
            mine = [self.single(who, rs.uniform(5.5, 17), sides[i % len(sides)], colour, "mcu"),
                    self.single(who, rs.uniform(5.5, 17), "centre", colour, "mcu"),
                    self.single(who, rs.uniform(21, 30), "centre", colour, "cu")]
            mine.append(self.single(who, rs.uniform(0.6, 3.5), ("left", "right", "centre")[rs.randint(0, 3)], colour, "wide"))
            if len(people) > 1:
                others = [p for p in people if p != who]
                mine.append(self.over_shoulder(who, others[rs.randint(0, len(others))], colour))
            out[who] = mine
        if len(people) > 1:
            out[None] = [self.together(people, 1.2, 3.6, colour, "two" if len(people) == 2 else "group")]
        else:
            out[None] = [self.setup("insert", [], colour)]
        return out

    def shots(self, kind, people, colour, length):
        """(setup, frames) pairs: the ABAB cutting of a dialogue scene, opening on a wide."""
        rs = self.rs
        setups = self.scene_setups(kind, people, colour)
        if not people:
            return [(setups[None][0], length)]
        out = [(setups[None][0], int(rs.randint(3, 7)))]
        turn = 0
        while sum(n for _, n in out) < length:
            who = people[turn % len(people)] if rs.randint(0, 8) else None
            pool = setups[who]
            # side-on medium close-up, frontal one, close-up, wide, over the shoulder
            weights = np.array([0.42, 0.12, 0.18, 0.12, 0.16][:len(pool)]) if who else np.ones(len(pool))
            choice = pool[rs.choice(len(pool), p=weights / weights.sum())]
            if choice is out[-1][0]:
                continue
            out.append((choice, int(rs.randint(2, 8))))
            turn += 1 if rs.randint(0, 5) else 2
        return out

    def timeline(self):
        """Per frame: (setup or 'black'/'white'), plus the scene list for the subtitles."""
        rs, n = self.rs, self.spec["frames"]
        frames = ["black"] * 3
        scenes = []
        palette = self.spec["palette"]
        credits = int(rs.randint(8, 13))
        kinds = ["establishing", "dialogue", "dialogue", "solo"]
        kinds += ["group", "group"] if len(self.cast) > 2 else ["dialogue"]
        first = True
        while len(frames) < n - credits - 10:
            kind = "establishing" if first else kinds[rs.randint(0, len(kinds))]
            first = False
            length = {"establishing": (4, 9), "dialogue": (24, 48), "solo": (10, 20), "group": (16, 30)}[kind]
            length = min(int(rs.randint(*length)), n - credits - len(frames))
            people = {"establishing": 0, "dialogue": 2, "solo": 1, "group": min(len(self.cast), 4)}[kind]
            order = rs.permutation(len(self.cast))
            cast = [self.identity(self.cast[i]) for i in order[:people]]
            colour = palette[rs.randint(0, len(palette))]
            start = len(frames) + 1
            for setup, count in self.shots(kind, cast, colour, length):
                frames.extend([setup] * count)
            del frames[start - 1 + length:]
            scenes.append({"kind": kind, "cast": cast, "first": start, "last": len(frames)})
            fade = rs.randint(0, 20)
            if fade < 5:
                frames.extend(["black"] * int(rs.randint(1, 3)))
            elif fade == 5:
                frames.append("white")
        frames.extend(["black"] * (n - len(frames)))
        return frames[:n], scenes

    # ---- frames -----------------------------------------------------------------------

    def place(self, face):
        """One frame's box for a face of a setup: the actor and camera drift a little."""
        rs = self.rs
        scale = rs.uniform(0.98, 1.02)
        w = min(self.width, int(round(face["w"] * scale)))
        h = min(self.pic_h, int(round(face["h"] * scale)))
        left = int(round((face["cx"] + rs.uniform(-0.008, 0.008)) * self.width - w / 2))
        left = min(max(left, 0), self.width - w)
        top = self.pic_top + int(round((face["ty"] + rs.uniform(-0.01, 0.01)) * (self.pic_h - h)))
        top = min(max(top, self.pic_top), self.pic_top + self.pic_h - h)
        return [top, left + w, top + h, left]

    def boxes(self, frames):
        """Per frame: the detected faces as (identity, box) pairs, in detection order."""
        rs = self.rs
        out = []
        for setup in frames:
            if isinstance(setup, str) or rs.randint(0, 20) == 0:  # blank, or the detector missed
                out.append([])
                continue
            found = [(f["who"], self.place(f)) for f in setup["faces"]]
            if setup["kind"] == "group" and len(found) > 1 and rs.randint(0, 10) == 0:
                del found[1 + rs.randint(0, len(found) - 1)]
            out.append(found)
        return out

    def force_boundaries(self, frames, found):
        """Puts primary faces of exactly 4.00 % and 20.00 % where the frame size allows it,
        so the seed's strict `> 4` and `< 20` are tested at their edges."""
        area = self.width * self.height
        mcus = [i for i, s in enumerate(frames)
                if not isinstance(s, str) and s["kind"] == "mcu" and len(found[i]) == 1]
        for k, target in enumerate((4.0, 20.0)):
            w = int(round(math.sqrt(target * area / 100)))
            if face_size((0, w, 0, 0), self.width, self.height) != target or w > self.pic_h:
                continue
            i = mcus[len(mcus) // 3 * (k + 1)]
            who, (top, right, bottom, left) = found[i][0]
            cx = (left + right) // 2
            left = min(max(cx - w // 2, 0), self.width - w)
            top = min(top, self.pic_top + self.pic_h - w)
            found[i][0] = (who, [top, left + w, top + w, left])

    def face_df(self, frames, found, talking):
        rs = self.rs
        cast_emotions = self.spec["cast"]
        clusters = {}
        rows = []
        shot_emotion = None
        for i, faces in enumerate(found):
            frame = i + 1
            if i == 0 or frames[i] is not frames[i - 1]:
                shot_emotion = None
            boxes = [tuple(b) for _, b in faces]
            k = len(boxes)
            h0 = boxes[0][2] - boxes[0][0] if k else 0
            prim = int(k == 1 or (k > 1 and all(b[2] - b[0] <= 0.75 * h0 for b in boxes[1:])))
            row = {
                "frame": frame,
                "face_locations": boxes,
                "face_sizes": [face_size(b, self.width, self.height) for b in boxes],
                "face_encodings": [self.centroids[who] + rs.normal(0, 0.012, 128) for who, _ in faces],
                "faces_found": k,
                "prim_char_flag": prim,
                "p_center_alignment": None,
                "p_horizontal_distance": float("nan"),
                "p_open_mouth": float("nan"),
                "p_face_cluster": float("nan"),
                "p_emotion": None,
            }
            if prim:
                who = faces[0][0]
                top, right, bottom, left = boxes[0]
                centre = self.width // 2
                if right <= centre:
                    row["p_center_alignment"], row["p_horizontal_distance"] = "left", float(centre - left)
                elif left >= centre:
                    row["p_center_alignment"], row["p_horizontal_distance"] = "right", float(right - centre)
                row["p_open_mouth"] = float(rs.uniform() < (0.6 if talking.get(frame) == who else 0.15))
                row["p_face_cluster"] = float(clusters.setdefault(who, len(clusters)))
                weights = cast_emotions.get(who, {"neutral": 3, "happy": 1})
                if shot_emotion is None:
                    names = sorted(weights)
                    p = np.array([weights[n] for n in names], dtype=float)
                    shot_emotion = names[rs.choice(len(names), p=p / p.sum())]
                roll = rs.randint(0, 25)
                row["p_emotion"] = None if roll == 0 else EMOTIONS[rs.randint(0, 7)] if roll < 4 else shot_emotion
            rows.append(row)
        # agglomerative clustering numbers its clusters arbitrarily
        relabel = self.rs.permutation(max(len(clusters), 1))
        df = pd.DataFrame(rows).set_index("frame")
        df["p_face_cluster"] = df["p_face_cluster"].map(lambda c: c if np.isnan(c) else float(relabel[int(c)]))
        return df

    def vision_df(self, frames):
        rs = self.rs
        keys = ["black", "white"] + [id(s) for s in self.setups]
        labels = dict(zip(keys, (int(x) for x in rs.permutation(len(keys)))))
        rows = []
        shot_id, previous = 0, None
        for i, setup in enumerate(frames):
            if setup == "black":
                colour, contrast = list(rs.randint(0, 4, 3)), int(rs.randint(0, 2))
            elif setup == "white":
                colour, contrast = list(rs.randint(251, 256, 3)), int(rs.randint(0, 3))
            else:
                colour = [int(np.clip(c + rs.randint(-3, 4), 0, 255)) for c in setup["colour"]]
                contrast = setup["contrast"] + int(rs.randint(-3, 4))
            red, green, blue = (int(c) for c in colour)
            cluster = labels[setup if isinstance(setup, str) else id(setup)]
            if previous is not None and cluster != previous:
                shot_id += 1
            previous = cluster
            rows.append({
                "frame": i + 1,
                "blank": setup if isinstance(setup, str) else None,
                # an all-white frame has no bars, so its measured ratio is the frame's own
                "aspect_ratio": round(self.width / self.height, 2) if setup == "white" else self.spec["aspect_ratio"],
                "brightness": int(round(0.299 * red + 0.587 * green + 0.114 * blue)),
                "contrast": contrast,
                "blue": blue, "green": green, "red": red,
                "shot_cluster": cluster,
                "shot_id": shot_id,
            })
        df = pd.DataFrame(rows).set_index("frame")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return df.apply(pd.to_numeric, errors="ignore", downcast="integer")

    def build(self):
        frames, scenes = self.timeline()
        found = self.boxes(frames)
        self.force_boundaries(frames, found)
        timed = subs.time_lines(self.rs, scenes, self.spec["lines"], self.spec["songs"])
        talking = {}
        for _, start, end, who in timed:
            if who:
                for frame in subs.covered_frames(start, end):
                    talking[frame] = who
        face_df = self.face_df(frames, found, talking)
        vision_df = self.vision_df(frames)
        srt_df = subs.make_srt_df(timed)
        subtitle_df = subs.make_subtitle_df(srt_df)
        sentence_df = subs.make_sentence_df(subtitle_df, face_df, self.cast)
        self.check(found, face_df)
        return {"srt_df": srt_df, "subtitle_df": subtitle_df, "sentence_df": sentence_df,
                "vision_df": vision_df, "face_df": face_df}

    def check(self, found, face_df):
        """The demo's promises: boxes inside the picture, encodings that tell people apart."""
        film = self.spec["film"]
        people, encodings = [], []
        for i, faces in enumerate(found):
            for j, (person, (top, right, bottom, left)) in enumerate(faces):
                inside = self.pic_top <= top < bottom <= self.pic_top + self.pic_h and 0 <= left < right <= self.width
                if not inside:
                    sys.exit("%s frame %d: face %d box outside the picture" % (film, i + 1, j))
                people.append(person)
                encodings.append(face_df.face_encodings.iloc[i][j])
        e = np.array(encodings)
        squared = (e * e).sum(axis=1)
        distance = np.sqrt(np.maximum(squared[:, None] + squared[None, :] - 2 * e @ e.T, 0))
        same = np.array(people)[:, None] == np.array(people)[None, :]
        within, across = distance[same].max(), distance[~same].min()
        if not within < SAME_PERSON < across:
            sys.exit("%s: encodings overlap (same person up to %.3f, others from %.3f)" % (film, within, across))
        print("%s: same person <= %.3f, different people >= %.3f" % (film, within, across), file=sys.stderr)



def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("--truth", help="where to write the seed's answers (default OUTDIR/demo-truth.json)")
    args = parser.parse_args()
    truth_file = args.truth or os.path.join(args.outdir, "demo-truth.json")
    sizes, truth = {}, {}
    for spec in FILMS:
        film = spec["film"]
        folder = os.path.join(args.outdir, "serialized_objects", film)
        os.makedirs(folder, exist_ok=True)
        for name, df in Film(spec).build().items():
            df.to_pickle(os.path.join(folder, name + ".pkl"), protocol=PROTOCOL)
        frames = {name: pd.read_pickle(os.path.join(folder, name + ".pkl")) for name in PICKLES}
        sizes[film] = {"width": spec["width"], "height": spec["height"]}
        truth[film] = seed_truth(film, spec["width"], spec["height"], frames)
        print(summary(film, frames), file=sys.stderr)
    with open(os.path.join(args.outdir, "frame_sizes.json"), "w") as fh:
        json.dump(sizes, fh, indent=2, sort_keys=True)
        fh.write("\n")
    document = {
        "about": "What the seed notebook's pandas code selects from the demo library's pickles "
                 "(pandas %s): medium close-up = prim_char_flag == 1 and 4 < face_sizes[0] < 20; "
                 "positive/negative = the JPEG names the seed would copy." % pd.__version__,
        "films": truth,
        "positive": [f for film in truth for f in truth[film]["positive"]],
        "negative": [f for film in truth for f in truth[film]["negative"]],
    }
    with open(truth_file, "w") as fh:
        fh.write(compact_json(document) + "\n")


if __name__ == "__main__":
    main()
