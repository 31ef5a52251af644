#!/usr/bin/env python3
"""Authoring aid: point controls of both built-in profiles at rule ids.

Usage: tools/profile-rules.py CIS_1_12_ID[:CIS_1_10_ID]=RULE[,RULE...] ...

Sets `rules:` of the cis-1.12 control and of the cis-1.10 control with the same title (v1.10 and
v1.12 share rules where the recommendation is the same), and drops its `review:` line. A v1.10
control whose title differs is left alone: map it by hand. Edits the YAML text in place, keeping
comments and layout.
"""
import re
import sys
from pathlib import Path

# A Manual recommendation that kcis decides from evidence says so in the profile.
MANUAL = "    assessment: Manual\n"
BEYOND = "  # automated by kcis beyond the benchmark's Automated set"

PROFILES = Path(__file__).resolve().parent.parent / "rules/src/main/resources/dev/kcis/profiles"
RULES = PROFILES.parent / "rules"


def blocks(text):
    """(start, end, id, title) of each control block."""
    out = []
    for m in re.finditer(r'^  - id: "([^"]+)"\n    title: (".*")\n(?:    .*\n)*', text, re.M):
        out.append((m.start(), m.end(), m.group(1), m.group(2)))
    return out


def review_only(rule):
    """True for a rule with @scope("manual"): it asks for a review and decides nothing."""
    drl = next(RULES.glob("*/%s.drl" % rule), None)
    return drl is not None and '@scope("manual")' in drl.read_text()


def set_rules(text, control_id, title, rules, prefer_id=None):
    candidates = [b for b in blocks(text)
                  if (control_id is not None and b[2] == control_id) or (control_id is None and b[3] == title)]
    # Titles repeat across sections (--anonymous-auth for the API server and the kubelet): prefer the
    # control with the same number, then one in the same section.
    if prefer_id and len(candidates) > 1:
        section = prefer_id.split(".")[0]
        candidates.sort(key=lambda b: (b[2] != prefer_id, b[2].split(".")[0] != section))
    for start, end, cid, ctitle in candidates[:1]:
        block = text[start:end]
        block = re.sub(r'^    (rules|review): .*\n', '', block, flags=re.M)
        beyond = MANUAL in block and not all(review_only(r) for r in rules)
        block += '    rules: [%s]%s\n' % (', '.join(rules), BEYOND if beyond else '')
        return text[:start] + block + text[end:], ctitle
    return text, None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    v12 = (PROFILES / "cis-1.12.yaml").read_text()
    v10 = (PROFILES / "cis-1.10.yaml").read_text()
    for arg in sys.argv[1:]:
        ids, _, rules = arg.partition("=")
        cid, _, v10_id = ids.partition(":")
        if cid:
            v12, title = set_rules(v12, cid, None, rules.split(","))
            if title is None:
                sys.exit("cis-1.12 has no control " + cid)
        else:
            title = None
        if v10_id:
            v10, matched = set_rules(v10, v10_id, None, rules.split(","))
        else:
            v10, matched = set_rules(v10, None, title, rules.split(","), prefer_id=cid)
        if matched is None:
            print("note: no cis-1.10 control titled %s; map it by hand (ID:V10ID=...)" % title)
    (PROFILES / "cis-1.12.yaml").write_text(v12)
    (PROFILES / "cis-1.10.yaml").write_text(v10)


if __name__ == "__main__":
    main()
