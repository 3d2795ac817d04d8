"""What the moviegoer pipeline writes, as the fixture, demo and benchmark generators reproduce it.

docs/data-model.md describes the files; these are the pieces of the pipeline's own arithmetic
and vocabulary that more than one generator needs. Import it after putting scripts/ on the path:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
"""

# The emotion model's classes, in its order.
EMOTIONS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")


def face_size(box, width, height):
    """face_sizes' value for a (top, right, bottom, left) box: the pipeline squares the width."""
    top, right, bottom, left = box
    return round((right - left) ** 2 * 100 / (width * height), 2)
