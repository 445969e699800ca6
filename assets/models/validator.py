"""The Khronos glTF validator (npm ``gltf-validator``), run through node, on GLB files.

One node process validates a batch of files; each report gives error and warning counts and the
first error messages. A derivative is accepted only with 0 errors.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from assets.models.exceptions import ToolMissing

SCRIPT = r"""
const fs = require('fs');
const validator = require(process.env.GLTF_VALIDATOR);
const paths = JSON.parse(fs.readFileSync(0, 'utf8'));
(async () => {
  const out = [];
  for (const path of paths) {
    const report = await validator.validateBytes(new Uint8Array(fs.readFileSync(path)), {maxIssues: 50});
    const issues = report.issues;
    out.push({path, errors: issues.numErrors, warnings: issues.numWarnings,
              messages: issues.messages.filter(m => m.severity === 0).slice(0, 10)
                .map(m => `${m.code} ${m.pointer || ''}: ${m.message}`)});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { process.stderr.write(String(e)); process.exit(2); });
"""


def find_node_modules(start: Path | None = None) -> Path | None:
    """``MUSEUM_NODE_MODULES`` or the nearest ``node_modules`` above this package (the project root)."""
    if os.environ.get("MUSEUM_NODE_MODULES"):
        return Path(os.environ["MUSEUM_NODE_MODULES"])
    for folder in (start or Path(__file__).resolve()).parents:
        if (folder / "node_modules" / "gltf-validator").is_dir():
            return folder / "node_modules"
    return None


def validate_glb_files(paths: list[Path], node_modules: Path | None = None,
                       timeout: float = 300) -> list[dict]:
    """One report per path: ``{"path", "errors", "warnings", "messages"}``."""
    node = shutil.which("node")
    modules = node_modules or find_node_modules()
    if node is None or modules is None or not (modules / "gltf-validator").is_dir():
        raise ToolMissing("the glTF validator needs node and the npm package gltf-validator (make install)")
    if not paths:
        return []
    env = dict(os.environ, GLTF_VALIDATOR=str(modules / "gltf-validator"))
    completed = subprocess.run([node, "-e", SCRIPT], input=json.dumps([str(p) for p in paths]),
                               capture_output=True, text=True, env=env, timeout=timeout, check=False)
    if completed.returncode != 0:
        raise ToolMissing(f"gltf-validator failed to run: {completed.stderr.strip()[:500]}")
    return json.loads(completed.stdout)
