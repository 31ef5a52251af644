#!/usr/bin/env python3
"""Authoring aid: turn the team's CIS mapping table into kcis DRL mapping annotations.

Usage:
  tools/cis-mappings.py MAPPINGS_CSV annotations CIS_ID    # the @cisControls/@nist/@soc2/@pci lines
  tools/cis-mappings.py MAPPINGS_CSV derivations           # the `derivations:` section of
                                                           # engine/.../mapping-provenance.yaml

Provenance is kept as the table labels it: CIS Controls v8 safeguards are sourced from the CIS
benchmark; NIST ids through CIS's v8 -> 800-53 mapping are transitive; Azure Policy / Kubescape ids
are sourced; `[derived]` ids are derived, attributed to the `base` rule (CM-6, CC7.1, 2.2.1) or to the
row's other reasoning rules. `[candidate]` columns (SCF crosswalk) are too noisy and are left out.
An id listed under several provenances keeps the strongest (sourced > transitive > derived).
"""
import csv
import re
import sys

BASE_IDS = {"CM-6", "CC7.1", "2.2.1"}


def rules_of(row):
    parts = re.split(r";\s*(?=[a-z][a-z ]*:\s)", row["derived_rule"])
    return [(p.partition(":")[0].strip(), p.partition(":")[2].strip()) for p in parts if p.strip()]


def ids(text):
    return [i.strip() for i in re.split(r"[;,]", text) if i.strip()]


def sourced_ids(text):
    # "Azure 'policy name': CC6.8,CC8.1" or "Kubescape C-0035 ... : CC6.1,..." -> ids after the last colon
    return ids(text.rpartition(":")[2]) if text else []


def annotations(row):
    derived_keys = [k for k, _ in rules_of(row) if k != "base"]
    other = "+".join(derived_keys) if derived_keys else "base"
    out = {}

    def add(framework, ident, prov):
        entries = out.setdefault(framework, [])
        if ident not in [e[0] for e in entries]:
            entries.append((ident, prov))

    for safeguard in ids(row["cis_controls_v8 [sourced: CIS benchmark]"]):
        add("cisControls", safeguard.split(" ")[0], "sourced:cis-benchmark")
    for i in ids(row["nist_800_53r5 [sourced: Azure Policy NIST SP 800-53 R5 initiative]"]):
        add("nist", i, "sourced:azure-policy-nist")
    for i in ids(row["nist_800_53r5 [sourced-transitive: CIS v8->800-53r5 (CIS)]"]):
        add("nist", i, "transitive")
    soc2 = row["soc2_tsc [sourced: Kubescape SOC2 / Azure SOC 2 initiative]"]
    for i in sourced_ids(soc2):
        add("soc2", i, "sourced:kubescape-soc2" if soc2.startswith("Kubescape") else "sourced:azure-policy-soc2")
    for i in sourced_ids(row["pci_dss_v4 [sourced: Azure PCI DSS v4.0.1 initiative]"]):
        add("pci", i, "sourced:azure-policy-pci")
    for framework, column in [("nist", "nist_800_53r5 [derived]"), ("soc2", "soc2_tsc [derived]"),
                              ("pci", "pci_dss_v4 [derived]")]:
        for i in ids(row[column]):
            add(framework, i, "derived:base" if i in BASE_IDS else "derived:" + other)
    lines = []
    for framework in ["cisControls", "nist", "soc2", "pci"]:
        if framework in out:
            lines.append('    @%s("%s")' % (framework, "; ".join("%s %s" % e for e in out[framework])))
    azure = row["azure_policy_match [semantic match made here]"].strip().strip("'")
    if azure:
        lines.append('    @azurePolicy("%s")' % azure)
    if soc2.startswith("Kubescape"):
        lines.append('    @kubescapeControl("%s")' % soc2.rpartition(":")[0].replace('"', "'"))
    return "\n".join(lines)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rows = {r["cis_id"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
    if sys.argv[2] == "annotations":
        for cis_id in sys.argv[3:]:
            print(annotations(rows[cis_id]))
    elif sys.argv[2] == "derivations":
        seen = {}
        for row in rows.values():
            for key, text in rules_of(row):
                seen.setdefault(key, text)
        print("derivations:")
        for key, text in seen.items():
            print('  %s: "%s"' % (key, text.replace('"', "'")))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
