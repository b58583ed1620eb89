// The local repair of mutual pairs, run after the solves: for a mutual pair A ↔ B, one of the two
// swaps its recipient with another giver's. Re-solving with an arc forbidden (index.ts) only finds
// what a whole new optimum offers; a swap finds the cheap change the optimum's ties hide.
//
// A move, for a solver-chosen arc A → B of a mutual pair (B → A as well), gives A another recipient D
// out of A's arcs:
//   - D free: A → D, and B is left without a giver (as many matched as before);
//   - D given to by C (a solver-chosen arc C → D): A → D, and C takes B, or a free recipient out of C's
//     arcs (B then left without a giver): an alternating path of two arcs.
// A move is taken only if it lowers the number of mutual pairs (it breaks A ↔ B, and C ↔ D too when
// that was mutual; it makes one where the new recipient already gives to its new giver) and, among
// those, loses the least score. Moves are applied while one helps: each removes at least one pair, so
// at most M moves (M: mutual pairs after the solves). Pins are never moved, nor swapped with.
//
// Complexity: a move looks at the arcs out of A and, for each taken recipient D, at the arcs out of
// D's giver: O(Δ²) for one pair (Δ: the largest out-degree), O(M · Δ²) a round, at most M + 1 rounds.
// Δ is the compatible recipients of one sign-up, bounded by the size of the biggest fandom, not by n:
// beside the solves' O(n · E log V) this is nothing (see bench/RESULTS.md). It is a local search: a
// pair that only a rotation of three arcs or more breaks stays (none in the tests' small inputs).
import type { CompatibilityGraph } from './compatibility.ts';

/** The graph's arc g → r, or -1. A giver's arcs are sorted by recipient (buildGraph adds them recipient by recipient). */
export function arcBetween(graph: CompatibilityGraph, g: number, r: number): number {
  let lo = graph.start[g]!;
  let hi = graph.start[g + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = graph.to[mid]!;
    if (at === r) return mid;
    if (at < r) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

interface Move {
  /** Fewer mutual pairs by this much (≥ 1). */
  gain: number;
  /** Score lost (may be negative: a swap can score better when the solves' repair gave score up). */
  loss: number;
  giver: number;
  recipient: number;
  /** The other giver, or -1 when `recipient` was free. */
  other: number;
  /** Whom the other giver gives to instead: the pair's recipient, or a free one. */
  otherTo: number;
}

/**
 * Repairs `recipientOf` (the solver's arcs, pins left out) in place; `giveTo`, the whole matching with
 * the pins, is kept in step. Returns how many moves were made.
 */
export function repairMutualPairs(graph: CompatibilityGraph, canReceive: Uint8Array, recipientOf: Int32Array, giveTo: Int32Array): number {
  const n = graph.n;
  const giverOf = new Int32Array(n).fill(-1);
  for (let g = 0; g < n; g++) if (giveTo[g]! >= 0) giverOf[giveTo[g]!] = g;
  const scoreOf = (g: number, r: number) => graph.score[arcBetween(graph, g, r)]!;
  const isMutual = (a: number) => giveTo[a]! >= 0 && giveTo[giveTo[a]!] === a;

  /** The best move for the solver-chosen arc a → b of a mutual pair, or null. */
  const bestMove = (a: number, b: number): Move | null => {
    let best: Move | null = null;
    const consider = (move: Move) => {
      if (!best || move.gain > best.gain || (move.gain === best.gain && move.loss < best.loss)) best = move;
    };
    const kept = scoreOf(a, b);
    for (let e = graph.start[a]!; e < graph.start[a + 1]!; e++) {
      const d = graph.to[e]!;
      if (d === b || !canReceive[d]) continue;
      const c = giverOf[d]!;
      let gain = 1 - (giveTo[d] === a ? 1 : 0);
      let loss = kept - graph.score[e]!;
      if (c < 0) {
        if (gain > 0) consider({ gain, loss, giver: a, recipient: d, other: -1, otherTo: -1 });
        continue;
      }
      // C's arc must be the solver's (a pin is never moved); C then takes B, or a free recipient (B left free).
      if (recipientOf[c] !== d || c === b) continue;
      if (giveTo[d] === c) gain++;
      loss += scoreOf(c, d);
      for (let f = graph.start[c]!; f < graph.start[c + 1]!; f++) {
        const x = graph.to[f]!;
        if (x !== b && (giverOf[x] !== -1 || !canReceive[x])) continue;
        const total = gain - (giveTo[x] === c ? 1 : 0);
        if (total > 0) consider({ gain: total, loss: loss - graph.score[f]!, giver: a, recipient: d, other: c, otherTo: x });
      }
    }
    return best;
  };

  let moves = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (let a = 0; a < n; a++) {
      const b = giveTo[a]!;
      if (b <= a || giveTo[b] !== a) continue;
      let move: Move | null = null;
      for (const [g, r] of [[a, b], [b, a]] as const) {
        if (recipientOf[g] !== r) continue;
        const found = bestMove(g, r);
        if (found && (!move || found.gain > move.gain || (found.gain === move.gain && found.loss < move.loss))) move = found;
      }
      if (!move) continue;
      const { giver, recipient, other, otherTo } = move;
      const old = giveTo[giver]!;
      giverOf[old] = -1;
      if (other >= 0) {
        recipientOf[other] = otherTo;
        giveTo[other] = otherTo;
        giverOf[otherTo] = other;
      }
      recipientOf[giver] = recipient;
      giveTo[giver] = recipient;
      giverOf[recipient] = giver;
      moves++;
      changed = true;
      if (isMutual(a)) a--; // a's new pair (if the move made one) is looked at again
    }
  }
  return moves;
}
