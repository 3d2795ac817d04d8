"""The seed notebook's answers for the demo films, and a one-line summary of each film."""
import json


def seed_truth(film, width, height, frames):
    """What the seed notebook's pandas code selects, from the pickles as pandas reads them."""
    face_df = frames["face_df"]
    medium_close_up = face_df[(face_df.prim_char_flag == 1)
                              & (face_df.face_sizes.str[0] > 4)
                              & (face_df.face_sizes.str[0] < 20)].index.tolist()
    picked = set(medium_close_up)
    name = "%s_frame_%d.jpg"
    emotions = face_df.p_emotion.value_counts()
    return {
        "frame_count": len(face_df),
        "width": width,
        "height": height,
        "medium_close_up": medium_close_up,
        "faces_found_at_least_2": face_df[face_df.faces_found >= 2].index.tolist(),
        "p_emotion_counts": {k: int(emotions[k]) for k in sorted(emotions.index)},
        "p_emotion_missing": int(face_df.p_emotion.isna().sum()),
        "positive": [name % (film, n) for n in medium_close_up],
        "negative": [name % (film, n) for n in face_df.index if n not in picked],
    }


def compact_json(value, indent=""):
    """Objects one key a line, everything else (the long frame lists) on one line each."""
    if not isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    inner = indent + "  "
    items = ",\n".join("%s%s: %s" % (inner, json.dumps(k), compact_json(v, inner)) for k, v in value.items())
    return "{\n%s\n%s}" % (items, indent)


def summary(film, frames):
    face_df, vision_df = frames["face_df"], frames["vision_df"]
    first = face_df.face_sizes.str[0]
    prim = face_df.prim_char_flag == 1
    return ("%s: %d frames, %d medium close-ups, %d close-ups, %d wide primaries, %d with 2+ faces, "
            "%d blank, %d shots, %d subtitles" % (
                film, len(face_df), (prim & (first > 4) & (first < 20)).sum(), (prim & (first > 20)).sum(),
                (prim & (first < 4)).sum(), (face_df.faces_found >= 2).sum(), vision_df.blank.notna().sum(),
                vision_df.shot_id.nunique(), len(frames["srt_df"])))
