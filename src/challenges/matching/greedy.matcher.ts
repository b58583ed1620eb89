// For comparison only (tests and bench/gift-exchange.bench.ts): a greedy matcher in AO3's manner.
// Recipients are taken most constrained first (fewest compatible givers, ties by sign-up order);
// each gets the free compatible giver with the best score, one who would not make a mutual pair
// if there is one. Pins are placed first, as in the optimal matcher. It never looks back, which
// is what strands rare-fandom sign-ups: an early pick takes the one giver a later recipient needed.
import { buildGraph, type CompatibilityGraph } from './compatibility.ts';
import type { MatchInput, MatchResult } from './index.ts';
import { buildResult, prepare } from './result.ts';

export function matchGreedy(input: MatchInput): MatchResult {
  const startedAt = performance.now();
  const prepared = prepare(input);
  const building = buildGraph(input, prepared.rules, prepared.indexOf, input.exclusions ?? []);
  let step = building.next();
  while (!step.done) step = building.next();
  const graph: CompatibilityGraph = step.value;
  const n = graph.n;

  const giversOf: { giver: number; score: number }[][] = Array.from({ length: n }, () => []);
  for (let g = 0; g < n; g++)
    if (prepared.canGive[g]) for (let e = graph.start[g]!; e < graph.start[g + 1]!; e++) giversOf[graph.to[e]!]!.push({ giver: g, score: graph.score[e]! });
  const recipientOf = new Int32Array(n).fill(-1);
  const giveTo = new Int32Array(n).fill(-1);
  for (const pin of prepared.pins) giveTo[pin.giver] = pin.recipient;
  const order = Array.from({ length: n }, (_, r) => r).filter((r) => prepared.canReceive[r]);
  order.sort((a, b) => giversOf[a]!.length - giversOf[b]!.length || a - b);
  for (const r of order) {
    let best = -1;
    let bestScore = -1;
    let bestMutual = true;
    for (const { giver, score } of giversOf[r]!) {
      if (giveTo[giver] !== -1) continue;
      const mutual = giveTo[r] === giver;
      if ((bestMutual && !mutual) || (mutual === bestMutual && score > bestScore)) {
        best = giver;
        bestScore = score;
        bestMutual = mutual;
      }
    }
    if (best >= 0) {
      recipientOf[best] = r;
      giveTo[best] = r;
    }
  }
  return buildResult(input, graph, prepared, recipientOf, { solves: 1, startedAt });
}
