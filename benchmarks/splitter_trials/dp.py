# ruff: noqa
# Exploration script for docs/segmentation.md, kept as it was run (see README.md here).
import numpy as np
def length_logprior(lengths, max_len=80):
    c = np.bincount(np.minimum(lengths, max_len), minlength=max_len + 1).astype(float) + 0.5
    c[:1] = 1e-9
    return np.log(c / c.sum())
def decode_dp(n, gaps, probs, prior, lam, bias, min_piece=2):
    """n tokens; gaps: candidate positions (sorted); probs their boundary probabilities. Returns chosen positions."""
    pos = [0] + list(gaps) + [n]
    p = np.clip(np.array([1.0] + list(probs) + [1.0]), 1e-6, 1 - 1e-6)
    gain = np.log(p) - np.log1p(-p) - bias  # choosing a boundary at pos[k]
    gain[0] = gain[-1] = 0.0
    m = len(pos); L = len(prior) - 1
    best = np.full(m, -np.inf); back = np.zeros(m, int); best[0] = 0.0
    posa = np.array(pos)
    for j in range(1, m):
        lens = posa[j] - posa[:j]
        ok = lens >= min_piece
        if j < m - 1 and n - posa[j] < min_piece:
            continue
        cand = best[:j] + lam * prior[np.minimum(lens, L)]
        cand[~ok] = -np.inf
        k = int(np.argmax(cand)); best[j] = cand[k] + gain[j]; back[j] = k
    out = []; j = m - 1
    while j > 0:
        j = back[j]
        if j > 0: out.append(pos[j])
    return sorted(out)
