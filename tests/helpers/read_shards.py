"""Reads WebDataset shards with Python's own tarfile, as a trainer's loader would.

usage: read_shards.py SHARD.tar ...
Prints one JSON object: {"SHARD.tar": [{"name", "size", "sha256", "text"?}, ...], ...}
in member order; .json and .cls members carry their text. Any member that is
not a regular file, or any header tarfile refuses, fails the run.
"""
import hashlib
import json
import sys
import tarfile

out = {}
for shard in sys.argv[1:]:
    members = []
    with tarfile.open(shard, mode="r:") as tar:
        for info in tar:
            if not info.isfile():
                raise SystemExit(f"{shard}: {info.name} is not a regular file")
            data = tar.extractfile(info).read()
            member = {"name": info.name, "size": info.size, "sha256": hashlib.sha256(data).hexdigest()}
            if info.name.endswith((".json", ".cls")):
                member["text"] = data.decode("utf-8")
            members.append(member)
    out[shard] = members
json.dump(out, sys.stdout)
