"""Runs the Khronos glTF validator (npm ``gltf-validator``) on GLB bytes through node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

VALIDATOR = Path(__file__).resolve().parents[3] / "node_modules" / "gltf-validator"
SCRIPT = """
const validator = require(process.argv[1]);
const chunks = [];
process.stdin.on('data', c => chunks.push(c));
process.stdin.on('end', () => validator.validateBytes(new Uint8Array(Buffer.concat(chunks)))
  .then(r => console.log(JSON.stringify(r.issues)))
  .catch(e => { console.log(JSON.stringify({numErrors: -1, messages: [String(e)]})); }));
"""


def available() -> bool:
    return shutil.which("node") is not None and VALIDATOR.is_dir()


def validate_glb(data: bytes) -> dict:
    result = subprocess.run(["node", "-e", SCRIPT, str(VALIDATOR)], input=data, capture_output=True,
                            timeout=120, check=True)
    return json.loads(result.stdout)
