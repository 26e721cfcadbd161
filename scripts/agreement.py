"""Agreement of the voice/prospect detectors with the hand labels (and with a second annotator when
data/annotation/annotator2.csv exists). Writes data/processed/agreement.csv and
data/processed/agreement_disagreements.csv.

    python scripts/agreement.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse import paths  # noqa: E402
from discourse.errors import InputError  # noqa: E402
from discourse.evaluation.agreement import agreement, detector_labels, read_labels  # noqa: E402


def main() -> int:
    from discourse import load_corpus

    hand = read_labels(paths.ANNOTATOR1_CSV)
    det = detector_labels(load_corpus())
    pairs = [("detector_vs_hand", det, hand)]
    a2 = paths.ANNOTATOR2_CSV
    if a2.exists():
        ann = read_labels(a2)
        pairs += [("annotator2_vs_hand", ann, hand), ("detector_vs_annotator2", det, ann)]
    summ, dis = zip(*(agreement(a, b, pair=name) for name, a, b in pairs))
    summary, disagreements = pd.concat(summ, ignore_index=True), pd.concat(dis, ignore_index=True)
    text = hand.set_index(["source_id", "segment_id", "sent_index"])["text"]
    disagreements["text"] = [text.get(k, "") for k in zip(disagreements.source_id, disagreements.segment_id,
                                                          disagreements.sent_index)]
    out = ROOT / "data" / "processed"
    out.mkdir(parents=True, exist_ok=True)
    summary.to_csv(out / "agreement.csv", index=False, float_format="%.4f")
    disagreements.to_csv(out / "agreement_disagreements.csv", index=False)
    print(summary.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
