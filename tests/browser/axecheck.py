"""axe-core in the page: WCAG 2.2 A/AA violations, one readable line each.

axe-core comes from npm (package.json pins it; `npm ci` installs it into node_modules/).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SETTLE = """() => Promise.all(document.getAnimations()
  .filter(a => a.playState === "running" && Number.isFinite(a.effect.getComputedTiming().endTime))
  .map(a => a.finished.catch(() => null)))"""  # colours caught mid-fade are not the page's
RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags},
                                resultTypes: ["violations"]})"""


def axe_violations(page: Page) -> list[str]:
    """Run axe-core on the page as it stands; one line per failing node, empty when clean."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci --no-audit --no-fund`"
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    page.evaluate(SETTLE)
    result = page.evaluate(RUN, TAGS)
    assert result["passes"], f"axe ran no passing rule on {page.url}: is it really running?"
    where = page.url
    lines = []
    for rule in result["violations"]:
        for node in rule["nodes"]:
            why = re.sub(r"\s+", " ", node.get("failureSummary") or "").strip()
            lines.append(f"{where}: {rule['id']} ({rule['impact']}): {rule['help']} "
                         f"at {json.dumps(node['target'])}: {why} [{rule['helpUrl']}]")
    return lines


def assert_clean(page: Page) -> None:
    found = axe_violations(page)
    assert not found, f"{len(found)} WCAG violation(s):\n" + "\n".join(found)
