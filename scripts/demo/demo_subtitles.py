"""Subtitles for the demo library: timed lines, then srt_df, subtitle_df and sentence_df.

The three frames are built the way the moviegoer pipeline builds them (its
`generate_srt_df`, `generate_base_subtitle_df` + `generate_subtitle_features` +
`clean_line`, and sentence partitioning tied back to subtitle rows), re-implemented
here without spaCy or pysrt. The dialogue is invented for the demo.
"""
import datetime
import re

import numpy as np
import pandas as pd

GENERIC_SPEAKERS = ("MAN", "WOMAN", "BOY", "GIRL", "BOTH", "ALL")
LAUGH_WORDS = ("laughing", "laughs", "laughter", "chuckles", "chuckling", "giggles", "giggling")
INTERJECTIONS = (", uh,", ", um", ", you know,")
PROFANITY = ("damn", "hell", "crap")
GREETINGS = ("hello", "hi", "goodbye", "bye", "good night", "good morning")


def ms_to_time(ms):
    seconds, micro = divmod(ms * 1000, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return datetime.time(int(hour), int(minute), int(second), int(micro))


def time_to_ms(t):
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1000 + t.microsecond // 1000


def covered_frames(start_ms, end_ms):
    """Frames a line covers: round(start) .. round(end) seconds, .5 rounding up."""
    return range((start_ms + 500) // 1000, (end_ms + 500) // 1000 + 1)


def time_lines(rs, scenes, lines, songs):
    """Places the film's dialogue bank over its scenes.

    Returns (text, start_ms, end_ms, speaker) tuples in time order; speaker is the
    character whose face should be talking, or None for music and off-screen voices.
    Dialogue scenes take the next few lines of the bank; some establishing scenes get a song.
    """
    out = []
    next_line = 0
    song = 0
    for scene in scenes:
        first, last = scene["first"], scene["last"]
        if scene["kind"] == "establishing":
            if songs and rs.randint(0, 2) == 0:
                start = first * 1000 + int(rs.randint(0, 600))
                end = min(last * 1000 + 400, start + int(rs.randint(2500, 4200)))
                out.append((songs[song % len(songs)], start, end, None))
                song += 1
            continue
        cast = scene["cast"]
        t = first * 1000 + int(rs.randint(300, 1800))
        turn = 0
        budget = next_line + int(rs.randint(3, 8))  # spread the bank over the film
        while next_line < min(budget, len(lines)):
            text = lines[next_line]
            duration = 900 + 55 * len(text) + int(rs.randint(0, 700))
            if t + duration > last * 1000 + 500:
                break
            spoken_by = None if re.match(r"^[A-Z]+:", text) or text.startswith("♪") else cast[turn % len(cast)]
            out.append((text, t, t + duration, spoken_by))
            next_line += 1
            turn += 1 if rs.randint(0, 4) else 2
            t += duration + int(rs.randint(150, 2600))
    return out


def make_srt_df(timed):
    return pd.DataFrame(
        [(i + 1, text, ms_to_time(start), ms_to_time(end)) for i, (text, start, end, _) in enumerate(timed)],
        columns=["srt_index", "original_text", "start_time", "end_time"],
    ).set_index("srt_index")


def split_two_speakers(text):
    """A '- a\\n- b' subtitle is two lines; any other two-liner is one line."""
    newline = text.find("\n")
    if newline == -1:
        return [text]
    if text.startswith("-") and text[newline + 1:newline + 2] == "-":
        return [text[1:newline].lstrip(), text[newline + 2:].lstrip()]
    return [text[:newline] + " " + text[newline + 1:]]


def find_parenthetical(line):
    found = None
    for opening, closing in (("(", ")"), ("[", "]")):
        start = line.find(opening)
        if start != -1:
            found = line[start + 1:line.find(closing)].strip()
    return found


def find_speaker(line):
    colon = line.find(":")
    return line[:colon] if colon != -1 and line[:colon].isupper() else None


def clean_line(line):
    for opening, closing in (("(", ")"), ("[", "]")):
        start = line.find(opening)
        if start != -1:
            line = (line[:start] + line[line.find(closing) + 1:]).strip()
    line = line.replace("<i>", "").replace("</i>", "")
    if "♪" in line:
        line = ""
    if find_speaker(line):
        line = line[line.find(":") + 2:]
    for interjection in INTERJECTIONS:
        at = line.find(interjection)
        if at != -1:
            line = line[:at] + line[at + len(interjection):]
    return line.strip()


def make_subtitle_df(srt_df):
    rows = []
    for srt_index, row in srt_df.iterrows():
        parts = split_two_speakers(row.original_text)
        for part in parts:
            lowered = part.lower()
            rows.append({
                "srt_index": srt_index,
                "original_text": row.original_text,
                "start_time": row.start_time,
                "end_time": row.end_time,
                "concat_sep_text": part,
                "separated_flag": int(len(parts) == 2),
                "laugh": int(any(w in lowered for w in LAUGH_WORDS)),
                "hesitation": int(any(i in part for i in INTERJECTIONS)),
                "speaker": find_speaker(part),
                "music": int("♪" in part),
                "parenthetical": find_parenthetical(part),
                "el_parenthetical": int((part[:1], part[-1:]) in (("(", ")"), ("[", "]"))),
                "el_italic": int(part.startswith("<i>") and part.endswith("</i>")),
            })
    df = pd.DataFrame(rows)
    df["cleaned_text"] = df["concat_sep_text"].map(clean_line)
    return df


def partition_sentences(subtitle_df):
    """Sentences of the cleaned dialogue, each with the subtitle rows it was read from."""
    text = ""
    spans = []  # (subtitle row, start, end) in `text`
    for row, line in enumerate(subtitle_df.cleaned_text):
        if not line:
            continue
        if text:
            text += " "
        spans.append((row, len(text), len(text) + len(line)))
        text += line
    sentences = []
    for match in re.finditer(r"\S.*?(?:[.!?]+(?=\s|$)|$)", text):
        start, end = match.span()
        rows = [row for row, a, b in spans if a < end and b > start]
        sentences.append((match.group().strip(), rows))
    return sentences


def implied_speaker(face_df, first_frame, last_frame):
    """The pipeline's guess: the one face cluster seen most with an open mouth, ties give None."""
    talking = face_df[face_df["p_open_mouth"] == 1].loc[first_frame:last_frame]
    counts = talking.p_face_cluster.value_counts()
    if len(counts) == 0 or (len(counts) >= 2 and counts.values[0] == counts.values[1]):
        return None
    return float(counts.index[0])


def make_sentence_df(subtitle_df, face_df, names):
    rows = []
    for sentence, indices in partition_sentences(subtitle_df):
        lowered = sentence.lower()
        words = re.findall(r"[a-z']+", lowered)
        first, last = subtitle_df.iloc[indices[0]], subtitle_df.iloc[indices[-1]]
        offscreen = first.speaker
        frames = covered_frames(time_to_ms(first.start_time), time_to_ms(last.end_time))
        rows.append({
            "sentence": sentence,
            "subtitle_indices": indices,
            "profanity": any(w in words for w in PROFANITY),
            "self_intro": bool(re.search(r"\b(i'm|my name is) [A-Z][a-z]+", sentence)),
            "other_intro": bool(re.search(r"\b(this is|meet) [A-Z][a-z]+", sentence)),
            "direct_address": any(name.lower() in words for name in names),
            "conv_boundary": any(re.search(r"\b%s\b" % g, lowered) for g in GREETINGS),
            "offscreen_speaker": offscreen,
            "implied_speaker": None if offscreen else implied_speaker(face_df, frames.start, frames.stop - 1),
        })
    df = pd.DataFrame(rows)
    df["implied_speaker"] = df["implied_speaker"].astype(np.float64)
    return df
