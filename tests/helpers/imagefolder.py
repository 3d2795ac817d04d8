"""Loads a by-class folder export with torchvision.datasets.ImageFolder (Debian's python3-torchvision).

usage: imagefolder.py ROOT
Prints {"classes", "class_to_idx", "samples": [[path relative to ROOT, class index], ...], "first_size"}.
"""
import json
import os
import sys

from torchvision.datasets import ImageFolder

root = sys.argv[1]
dataset = ImageFolder(root)
image, _ = dataset[0]
json.dump(
    {
        "classes": dataset.classes,
        "class_to_idx": dataset.class_to_idx,
        "samples": [[os.path.relpath(path, root), index] for path, index in dataset.samples],
        "first_size": list(image.size),
    },
    sys.stdout,
)
